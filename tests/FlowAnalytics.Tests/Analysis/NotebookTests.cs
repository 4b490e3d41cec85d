using FlowAnalytics.Analysis;
using FlowAnalytics.Analysis.Cost;
using FlowAnalytics.Analysis.Placement;
using FlowAnalytics.Analysis.Report;
using FlowAnalytics.Inventory;
using FlowAnalytics.Tests.Cli;
using FlowAnalytics.Tests.Parquet;
using FlowAnalytics.Tests.Support;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Tests.Analysis;

/// <summary>
/// The notebooks in data-samples/notebooks run over the bundled samples: every cell against this
/// build's API, the DuckDB notebook's SQL against the .NET answers, and the saved outputs equal to
/// what the cells print now. FLOWANALYTICS_UPDATE_NOTEBOOKS=1 writes the outputs instead.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class NotebookTests : IAsyncLifetime
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("FLOWANALYTICS_UPDATE_NOTEBOOKS") == "1";
    private readonly TempDirectory _out = new();

    private static string Folder => Path.Combine(RepositoryPaths.DataSamples, "notebooks");

    private static string Inventory => SampleOutput.Inventory;

    public async Task InitializeAsync()
    {
        await SampleOutput.RunAndReportAsync(_out.Path);
    }

    public Task DisposeAsync()
    {
        _out.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DotNetNotebook_EveryCellRuns_OutputsAsSaved()
    {
        NotebookDocument notebook = NotebookDocument.Load(Path.Combine(Folder, "flowanalytics-dotnet.ipynb"));
        Environment.SetEnvironmentVariable("FLOWANALYTICS_OUT", _out.Path);
        Environment.SetEnvironmentVariable("FLOWANALYTICS_SAMPLES", RepositoryPaths.DataSamples);
        List<(string Printed, string? Result)> outputs;
        try
        {
            outputs = await CSharpNotebookRunner.RunAsync(notebook.CodeCells);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FLOWANALYTICS_OUT", null);
            Environment.SetEnvironmentVariable("FLOWANALYTICS_SAMPLES", null);
        }

        // The cells answer with the API the other tests check; spot-check two answers here.
        ReportInput input = await ReportInput.LoadAsync(_out.Path);
        Assert.Equal(TextTable.Format(EndpointQuestions.TopEndpointsByBytes(input.EndpointTraffic, 5)), outputs[2].Result);
        IReadOnlyList<EndpointAzCost> costs = CostEstimator.Estimate(input.EndpointTraffic, EndpointPlacement.From(input.EndpointTraffic, EndpointInventory.Load([Inventory])), new PriceBook());
        Assert.Equal(TextTable.Format(CostTable.ToFrame(costs)), outputs[^1].Result);
        AssertSavedOrUpdate(notebook, outputs);
    }

    [Fact]
    public async Task DuckDbNotebook_SqlAnswersAsTheApi_OutputsAsSaved()
    {
        NotebookDocument notebook = NotebookDocument.Load(Path.Combine(Folder, "flowanalytics-duckdb.ipynb"));

        var results = DuckDbNotebookRunner.Run(notebook.CodeCells, _out.Path);

        DataFrame traffic = await SummaryFrames.LoadAsync(Path.Combine(_out.Path, "endpoint_traffic"));
        var sql = results.Where(r => r.Sql is not null).ToList();
        Assert.Equal(5, sql.Count);
        Assert.Equal(
            Column(EndpointQuestions.TopEndpointsByBytes(traffic, 5), "vpc_endpoint_id", "bytes"),
            sql[0].Rows.Select(r => $"{r[0]} {r[2]}"));
        Assert.Equal(
            Column(EndpointQuestions.PerAzBreakdown(traffic), "vpc_endpoint_id", "az_id", "bytes"),
            sql[1].Rows.Select(r => $"{r[0]} {r[1]} {r[2]}"));
        DataFrame perAz = EndpointQuestions.PerAzBreakdown(traffic);
        Assert.Equal(
            Enumerable.Range(0, (int)perAz.Rows.Count).Select(i => Math.Round((double)perAz.Columns["cross_az_share"][i]!, 4)),
            sql[1].Rows.Select(r => Convert.ToDouble(r[4], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(
            Column(EndpointQuestions.RejectRateOverTime(traffic).Head(6), "records", "rejected_records"),
            sql[2].Rows.Select(r => $"{r[1]} {r[2]}"));
        Assert.All(sql[3].Rows, r => Assert.True(System.Numerics.BigInteger.Parse($"{r[1]}", System.Globalization.CultureInfo.InvariantCulture) > 0));
        Assert.Equal(5, sql[4].Rows.Count);

        AssertSavedOrUpdate(notebook, [.. results.Select(r => (string.Empty, r.Sql is null ? null : TextTable.Format(r.Names, r.Rows)))]);
    }

    private static void AssertSavedOrUpdate(NotebookDocument notebook, List<(string Printed, string? Result)> outputs)
    {
        if (Update)
        {
            notebook.SetOutputs(outputs);
            notebook.Save();
            return;
        }

        IReadOnlyList<string> saved = notebook.SavedOutputs();
        for (int i = 0; i < outputs.Count; i++)
        {
            Assert.True(
                saved[i] == outputs[i].Printed + (outputs[i].Result ?? string.Empty),
                $"Code cell {i + 1} of {notebook.Path} now prints something else than its saved output: rerun with FLOWANALYTICS_UPDATE_NOTEBOOKS=1.\nsaved:\n{saved[i]}\nnow:\n{outputs[i].Printed}{outputs[i].Result}");
        }
    }

    private static IEnumerable<string> Column(DataFrame frame, params string[] columns) =>
        Enumerable.Range(0, (int)frame.Rows.Count).Select(i => string.Join(' ', columns.Select(c => frame.Columns[c][i])));
}
