using System.CommandLine;
using System.Text;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.Serialization;

namespace Lantern.Node.Commands;

/// <summary>
/// <c>lantern dump [--json] FILE</c>: prints a DICOM file as a dcmdump-like tree, or as the DICOM
/// JSON Model (PS3.18 Annex F). Exit code 0 on success; 2 with one line on stderr when the file is
/// missing, cannot be read, or is not a data set we can parse.
/// </summary>
public static class DumpCommand
{
    public const int Success = 0;
    public const int Failure = 2;

    private const int OutputBufferSize = 64 * 1024;

    // Values this large stay in the file and are streamed to the output when printed.
    private const long LargeValueThreshold = 64 * 1024;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The DICOM file (Part 10, or a bare data set) to print." };
        var json = new Option<bool>("--json")
        {
            Description = "Print the DICOM JSON Model (PS3.18 Annex F) of the data set, as dcm2json does, instead of the tree.",
        };

        var command = new Command("dump", "Prints the elements of a DICOM file: a tree like dcmdump's, or DICOM JSON.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            var path = parseResult.GetValue(file)!;
            var asJson = parseResult.GetValue(json);
            if (ReferenceEquals(configuration.Output, Console.Out))
            {
                using var stdout = new BufferedStream(Console.OpenStandardOutput(), OutputBufferSize);
                return Run(path, asJson, stdout, configuration.Error);
            }

            // Output redirected in-process (tests, hosts): render, then hand over the text.
            using var buffer = new MemoryStream();
            var status = Run(path, asJson, buffer, configuration.Error);
            configuration.Output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            return status;
        });
        return command;
    }

    /// <summary>Prints <paramref name="file"/> to <paramref name="output"/>; failures go to <paramref name="error"/> as one line.</summary>
    public static int Run(FileInfo file, bool json, Stream output, TextWriter error)
    {
        if (!file.Exists)
        {
            return Fail(error, file, Directory.Exists(file.FullName) ? "is a directory" : "no such file");
        }

        try
        {
            var dicom = DicomFile.Open(file.FullName, new DicomReadOptions { LargeValueThreshold = LargeValueThreshold });
            if (json)
            {
                DicomJsonWriter.Write(output, dicom, new DicomJsonOptions { Indented = true });
                output.WriteByte((byte)'\n');
            }
            else
            {
                using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), OutputBufferSize, leaveOpen: true);
                DicomDumpWriter.Write(text, dicom);
            }

            output.Flush();
            return Success;
        }
        catch (FileNotFoundException)
        {
            return Fail(error, file, "no such file");
        }
        catch (DirectoryNotFoundException)
        {
            return Fail(error, file, "no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            return Fail(error, file, "permission denied");
        }
        catch (DicomReadException e)
        {
            return Fail(error, file, e.Message);
        }
        catch (DicomDataException e)
        {
            return Fail(error, file, e.Message);
        }
        catch (IOException e)
        {
            return Fail(error, file, e.Message);
        }
    }

    private static int Fail(TextWriter error, FileInfo file, string reason)
    {
        // One line, whatever the message held.
        reason = reason.ReplaceLineEndings(" ");
        error.WriteLine($"lantern dump: cannot read {file}: {reason}");
        error.Flush();
        return Failure;
    }
}
