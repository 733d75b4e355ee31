# Windows twin of fetch-onnxruntime.sh: fetches ONNX Runtime's native library from the npm package
# onnxruntime-node into a cache folder outside the repository. Needs npm and tar (shipped with Windows 10 1803+).
#
# Usage: fetch-onnxruntime.ps1 VERSION PLATFORM DEST MAIN_FILE [OTHER_FILE...]
param(
    [Parameter(Mandatory = $true)][string]$Version,
    [Parameter(Mandatory = $true)][string]$Platform,
    [Parameter(Mandatory = $true)][string]$Destination,
    [Parameter(Mandatory = $true)][string]$Main,
    [Parameter(ValueFromRemainingArguments = $true)][string[]]$Others = @()
)
$ErrorActionPreference = 'Stop'

if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
    Write-Error "npm is not installed (install Node.js); cannot fetch onnxruntime-node@$Version"
    exit 69
}

New-Item -ItemType Directory -Force -Path $Destination | Out-Null
# Staged beside the destination so that the final moves are renames on one volume.
$work = Join-Path $Destination (".fetch." + [System.IO.Path]::GetRandomFileName())
New-Item -ItemType Directory -Path $work | Out-Null
try {
    Push-Location $work
    try {
        $tarball = (& npm pack "onnxruntime-node@$Version" --silent --cache (Join-Path $work 'npm-cache') | Select-Object -Last 1)
        if ($LASTEXITCODE -ne 0) { throw "npm pack onnxruntime-node@$Version failed with exit code $LASTEXITCODE" }
    }
    finally {
        Pop-Location
    }

    $files = @($Others) + @($Main)
    $members = $files | ForEach-Object { "package/bin/napi-v6/$Platform/$_" }
    & tar -m -xzf (Join-Path $work $tarball) -C $work @members
    if ($LASTEXITCODE -ne 0) { throw "tar could not extract $($members -join ', ') from $tarball" }

    # The main library moves last: a build that sees it may rely on the others being there already.
    foreach ($file in $files) {
        Move-Item -Force -Path (Join-Path $work "package/bin/napi-v6/$Platform/$file") -Destination (Join-Path $Destination $file)
    }
    Write-Output "ONNX Runtime $Version ($Platform) cached in $Destination"
}
finally {
    Remove-Item -Recurse -Force -Path $work -ErrorAction SilentlyContinue
}
