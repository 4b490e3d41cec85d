using FlowAnalytics.Parquet;
using FlowAnalytics.Sampling;
using FlowAnalytics.Tests.Cli;

namespace FlowAnalytics.Tests.Parquet;

/// <summary><c>flowanalytics run</c> over Parquet flow logs: the CLI hands the job the Parquet reader.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ParquetFlowLogCliTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Run_ParquetAndTextCopies_SameOutputTables()
    {
        SampleBucketSummary sample = SampleBucketGenerator.Generate(new SampleBucketOptions
        {
            OutputDirectory = Path.Combine(_directory.Path, "bucket"), Records = 3_000, Seed = 5, Files = 2,
        });
        string textLogs = Path.Combine(sample.OutputDirectory, "AWSLogs");
        string parquetLogs = Path.Combine(_directory.Path, "parquet");
        foreach (SampleObject item in sample.Objects)
        {
            await ParquetFlowLogFile.ConvertTextAsync(item.Path, Path.Combine(parquetLogs, Path.GetFileName(item.Path)[..^".gz".Length] + ".parquet"));
        }

        string inventory = Path.GetDirectoryName(sample.InventoryFiles[0])!;
        string textOut = Path.Combine(_directory.Path, "out-text");
        string parquetOut = Path.Combine(_directory.Path, "out-parquet");
        CliResult text = await CliConsole.InvokeAsync("run", "--quiet", "--source", textLogs, "--inventory", inventory, "--out", textOut);
        CliResult parquet = await CliConsole.InvokeAsync("run", "--quiet", "--source", parquetLogs, "--inventory", inventory, "--out", parquetOut);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.True(parquet.ExitCode == 0, parquet.ToString());
        foreach (string table in new[] { "endpoint_traffic", "eni_traffic" })
        {
            SummaryTableAssert.Equal(
                await SummaryParquetReader.ReadTableAsync(Path.Combine(textOut, table)),
                await SummaryParquetReader.ReadTableAsync(Path.Combine(parquetOut, table)));
        }
    }
}
