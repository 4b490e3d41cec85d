using FlowAnalytics.Analysis.Placement;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Tests.Analysis;

/// <summary>Crafted endpoint_traffic rows (the columns the analysis reads), for findings and cost tests with exact numbers.</summary>
internal sealed class EndpointTrafficFrame
{
    public static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly List<Row> _rows = [];

    /// <summary>A row logged at the endpoint's ENI in <paramref name="az"/>, window <paramref name="window"/> × 5 minutes after <see cref="Start"/>.</summary>
    public EndpointTrafficFrame Add(
        string endpoint, string az, string? clientAz, long bytes, int window = 0, long records = 10, long rejected = 0, long skipdata = 0,
        string observedAt = "endpoint_eni")
    {
        _rows.Add(new Row(endpoint, az, clientAz, bytes, Start.AddMinutes(5 * window), records, rejected, skipdata, observedAt));
        return this;
    }

    public static EndpointAz Placed(string endpoint, string az, string region = "us-east-1") =>
        new(endpoint, $"com.amazonaws.{region}.{ServiceOf(endpoint)}", "111122223333", region, az, $"eni-{endpoint[5..]}{az[^1]}", true);

    public DataFrame ToFrame()
    {
        // Records start at the window start and end a minute later: with windows 0..n the period is n × 5 + 1 minutes.
        return new DataFrame(
            new PrimitiveDataFrameColumn<DateTime>("window_start", _rows.Select(r => (DateTime?)r.Window)),
            new StringDataFrameColumn("account_id", _rows.Select(_ => "111122223333")),
            new StringDataFrameColumn("region", _rows.Select(_ => "us-east-1")),
            new StringDataFrameColumn("vpc_endpoint_id", _rows.Select(r => r.Endpoint)),
            new StringDataFrameColumn("service_name", _rows.Select(r => $"com.amazonaws.us-east-1.{ServiceOf(r.Endpoint)}")),
            new StringDataFrameColumn("eni_id", _rows.Select(r => $"eni-{r.Endpoint[5..]}{r.Az[^1]}")),
            new StringDataFrameColumn("az_id", _rows.Select(r => r.Az)),
            new StringDataFrameColumn("client_az_id", _rows.Select(r => r.ClientAz)),
            new StringDataFrameColumn("direction", _rows.Select(_ => "to_endpoint")),
            new StringDataFrameColumn("observed_at", _rows.Select(r => r.ObservedAt)),
            new Int64DataFrameColumn("records", _rows.Select(r => (long?)r.Records)),
            new Int64DataFrameColumn("bytes", _rows.Select(r => (long?)r.Bytes)),
            new Int64DataFrameColumn("rejected_records", _rows.Select(r => (long?)r.Rejected)),
            new Int64DataFrameColumn("rst_records", _rows.Select(_ => (long?)0)),
            new Int64DataFrameColumn("nodata_records", _rows.Select(_ => (long?)0)),
            new Int64DataFrameColumn("skipdata_records", _rows.Select(r => (long?)r.Skipdata)),
            new PrimitiveDataFrameColumn<DateTime>("first_start", _rows.Select(r => (DateTime?)r.Window)),
            new PrimitiveDataFrameColumn<DateTime>("last_end", _rows.Select(r => (DateTime?)r.Window.AddMinutes(1))));
    }

    // vpce-kms01 → kms: the crafted ids carry their service.
    private static string ServiceOf(string endpoint) => new([.. endpoint[5..].TakeWhile(char.IsLetter)]);

    private sealed record Row(string Endpoint, string Az, string? ClientAz, long Bytes, DateTime Window, long Records, long Rejected, long Skipdata, string ObservedAt);
}
