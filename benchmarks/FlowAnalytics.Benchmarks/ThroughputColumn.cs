using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FlowAnalytics.Sampling;

namespace FlowAnalytics.Benchmarks;

/// <summary>
/// MB/s of uncompressed flow-log text. Benchmarks report per record (OperationsPerInvoke), so the
/// rate is the format's bytes per record over the mean time per record.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Uncompressed flow-log text processed per second (10^6 bytes)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is null || benchmarkCase.Parameters["Format"] is not SampleRecordFormat format)
        {
            return "-";
        }

        double bytesPerRecord = BenchmarkInputs.Text(format).Length / (double)BenchmarkInputs.Records;
        double nanosecondsPerRecord = report.ResultStatistics.Mean;
        return (bytesPerRecord / nanosecondsPerRecord * 1000).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
