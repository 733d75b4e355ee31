using System.Runtime.InteropServices;

namespace Lantern.Dicom.Interop;

/// <summary>
/// Makes a rename survive a power loss: on Linux the new directory entry is durable only once the
/// directory itself is fsync'ed, which .NET has no API for. Windows journals the rename itself.
/// </summary>
internal static partial class DurableFiles
{
    private const int ReadOnly = 0;
    private const uint SyncFileRangeWrite = 2;

    /// <summary>Moves <paramref name="source"/> over <paramref name="destination"/> and flushes the directory entry.</summary>
    public static void Rename(string source, string destination)
    {
        File.Move(source, destination, overwrite: true);
        if (OperatingSystem.IsLinux())
        {
            SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        }
    }

    /// <summary>
    /// Starts writing a just-written range to disk without waiting (Linux), so the final fsync
    /// finds little left to flush: disk writeback overlaps the rest of the transfer.
    /// </summary>
    public static void StartWriteback(SafeHandle file, long offset, long length)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SyncFileRange((int)file.DangerousGetHandle(), offset, length, SyncFileRangeWrite);
        }
    }

    private static void SyncDirectory(string directory)
    {
        // O_RDONLY alone opens a directory on Linux; O_DIRECTORY's value differs between architectures.
        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw new IOException($"Cannot flush directory {directory} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long nbytes, uint flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
