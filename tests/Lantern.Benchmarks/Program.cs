using Lantern.Benchmarks;

// Modes:
//   run [--dir DIR] [--regenerate]   (default) every measurement, one table on standard output
//   read-once --headers|--full DIR   reads each CT*.dcm file of DIR once; the runner times this process
//   generate [DIR]                   only writes the series (default: $TMPDIR/lantern-bench/ct300)
//   profile [--dir DIR]              where our reader spends its time, for the reader's owner
//   network                          storescu to storescp, Orthanc and lantern listen: instances/s and peak RSS
//   analyze [--models DIR] [--masks] [--lantern PATH]
//                                    lantern analyze on a 300-slice chest phantom: time per stage and peak RSS
return args switch
{
    [] => ReadBenchmark.Run([]),
    ["run", .. var rest] => ReadBenchmark.Run(rest),
    ["read-once", var mode, var directory] => LanternRead.ReadOnce(mode, directory),
    ["generate"] => Generate(CtSeries.DefaultDirectory),
    ["generate", var directory] => Generate(Path.GetFullPath(directory)),
    ["profile", .. var rest] => Profile.Run(rest),
    ["network", .. var rest] => NetworkBenchmark.Run(rest),
    ["analyze", .. var rest] => AnalyzeBenchmark.Run(rest),
    _ => Usage(),
};

static int Generate(string directory)
{
    CtSeries.Ensure(directory, regenerate: true, Console.Out);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Lantern.Benchmarks [run [--dir DIR] [--regenerate] | read-once --headers|--full DIR | generate [DIR] | profile [--dir DIR] | network | analyze [--models DIR] [--masks] [--lantern PATH]]");
    return 2;
}
