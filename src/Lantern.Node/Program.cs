using System.CommandLine;
using Lantern.Node.Commands;

var root = new RootCommand("Lantern: an AI DICOM node. Receives CT studies, analyses them, sends findings back to the PACS.");
root.Subcommands.Add(DumpCommand.Create());
return root.Parse(args).Invoke();
