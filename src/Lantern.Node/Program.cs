using System.CommandLine;
using Lantern.Node.Commands;

var root = new RootCommand("Lantern: an AI DICOM node. Receives CT studies, analyses them, sends findings back to the PACS.");
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(EchoCommand.Create());
root.Subcommands.Add(SendCommand.Create());
root.Subcommands.Add(ListenCommand.Create());
root.Subcommands.Add(PhantomCommand.Create());
root.Subcommands.Add(AnalyzeCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
