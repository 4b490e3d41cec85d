using FlowAnalytics.Analysis.Findings;
using FlowAnalytics.Analysis.Placement;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Tests.Analysis;

/// <summary>Each finding on crafted traffic where it must fire, and a healthy endpoint beside them that must not.</summary>
public sealed class EndpointFindingsTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void Find_HealthyEndpoint_NotFlagged()
    {
        var traffic = new EndpointTrafficFrame();
        AddHealthy(traffic);

        IReadOnlyList<Finding> findings = EndpointFindings.Find(traffic.ToFrame(), null, Healthy);

        Assert.Empty(findings);
    }

    [Fact]
    public void Find_EndpointInOneAz_SingleAzEndpointWithItsClients()
    {
        var traffic = new EndpointTrafficFrame().Add("vpce-sts1", "use1-az1", "use1-az1", 3 * MiB).Add("vpce-sts1", "use1-az1", "use1-az1", MiB, window: 1);
        AddHealthy(traffic);

        Finding finding = Assert.Single(EndpointFindings.Find(traffic.ToFrame(), null, [.. Healthy, EndpointTrafficFrame.Placed("vpce-sts1", "use1-az1")]));

        Assert.Equal((FindingKind.SingleAzEndpoint, "vpce-sts1", "use1-az1"), (finding.Kind, finding.VpcEndpointId, finding.AzId));
        Assert.Equal(
            "vpce-sts1 (sts) has an ENI in use1-az1 only: if that AZ fails its clients lose the endpoint (AWS advises one ENI per AZ the clients run in). " +
            "It carried 4.0 MiB from clients in use1-az1.",
            finding.Summary);
    }

    [Fact]
    public void Find_AzWithoutTrafficInTheInventory_IdleEndpointAzWithItsHours()
    {
        var traffic = new EndpointTrafficFrame().Add("vpce-kms1", "use1-az1", "use1-az1", 5 * MiB).Add("vpce-kms1", "use1-az2", "use1-az2", 5 * MiB);
        AddHealthy(traffic);
        EndpointAz[] placement = [.. Healthy, .. Azs("vpce-kms1", "use1-az1", "use1-az2", "use1-az3")];

        Finding finding = Assert.Single(EndpointFindings.Find(traffic.ToFrame(), null, placement));

        Assert.Equal((FindingKind.IdleEndpointAz, "vpce-kms1", "use1-az3", 0.0), (finding.Kind, finding.VpcEndpointId, finding.AzId, finding.Value));
        Assert.Contains("carried 0.0% of the endpoint's bytes (0 B) but is billed its hours: about 7.30 USD a month", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_AzBelowTheIdleShare_Flagged_AtTheShareNot()
    {
        // 1 MiB of 101 MiB is 0.99%: idle at the default 1%; 2 MiB of 102 MiB (1.96%) is not.
        var traffic = new EndpointTrafficFrame()
            .Add("vpce-kms1", "use1-az1", "use1-az1", 100 * MiB).Add("vpce-kms1", "use1-az2", "use1-az2", MiB)
            .Add("vpce-kms2", "use1-az1", "use1-az1", 100 * MiB).Add("vpce-kms2", "use1-az2", "use1-az2", 2 * MiB);

        IReadOnlyList<Finding> findings = EndpointFindings.Find(
            traffic.ToFrame(), null, [.. Azs("vpce-kms1", "use1-az1", "use1-az2"), .. Azs("vpce-kms2", "use1-az1", "use1-az2")]);

        Finding finding = Assert.Single(findings);
        Assert.Equal(("vpce-kms1", "use1-az2"), (finding.VpcEndpointId, finding.AzId));
        Assert.Equal(1.0 / 101, finding.Value, 12);
    }

    [Fact]
    public void Find_MostBytesFromOtherAzs_CrossAzHeavyNamingTheAzWithoutAnEni()
    {
        // 8 MiB from use1-az3 clients (no ENI there) and 2 MiB cross from az2 → az1, of 14 MiB with a known client AZ.
        var traffic = new EndpointTrafficFrame()
            .Add("vpce-ecr1", "use1-az1", "use1-az3", 8 * MiB).Add("vpce-ecr1", "use1-az1", "use1-az1", 2 * MiB)
            .Add("vpce-ecr1", "use1-az1", "use1-az2", 2 * MiB).Add("vpce-ecr1", "use1-az2", "use1-az2", 2 * MiB)
            .Add("vpce-ecr1", "use1-az2", null, 50 * MiB);
        AddHealthy(traffic);

        Finding finding = Assert.Single(EndpointFindings.Find(traffic.ToFrame(), null, [.. Healthy, .. Azs("vpce-ecr1", "use1-az1", "use1-az2")]));

        Assert.Equal((FindingKind.CrossAzHeavy, "vpce-ecr1"), (finding.Kind, finding.VpcEndpointId));
        Assert.Equal(10.0 / 14, finding.Value, 12);
        Assert.Contains("71.4% of vpce-ecr1 (ecr)'s bytes (10.0 MiB of 14.0 MiB)", finding.Summary, StringComparison.Ordinal);
        Assert.EndsWith("clients in use1-az3 have no endpoint ENI in their AZ.", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_ClientEniRows_NotCounted()
    {
        // The same bytes logged at the clients' ENIs, cross-AZ: they must not turn a healthy endpoint into a finding.
        var traffic = new EndpointTrafficFrame();
        AddHealthy(traffic);
        traffic.Add("vpce-s3ok", "use1-az1", "use1-az2", 500 * MiB, observedAt: "client_eni");

        Assert.Empty(EndpointFindings.Find(traffic.ToFrame(), null, Healthy));
    }

    [Fact]
    public void Find_WindowRejectingFarAboveUsual_RejectSpike()
    {
        // 2% rejected in nine windows, 50% in window 5: usual 78 of 1030 records, threshold max(20%, 3 × 7.6%) = 22.7%.
        var traffic = new EndpointTrafficFrame();
        for (int w = 0; w < 10; w++)
        {
            traffic.Add("vpce-s3ok", "use1-az1", "use1-az1", MiB, window: w, records: 100, rejected: w == 5 ? 50 : 2);
        }

        traffic.Add("vpce-s3ok", "use1-az2", "use1-az2", MiB).Add("vpce-s3ok", "use1-az3", "use1-az3", MiB);
        // A window of 10 records, all rejected, is below the minimum of 20 records.
        traffic.Add("vpce-s3ok", "use1-az2", "use1-az2", MiB, window: 12, records: 10, rejected: 10);

        Finding finding = Assert.Single(EndpointFindings.Find(traffic.ToFrame(), null, Healthy));

        Assert.Equal((FindingKind.RejectSpike, EndpointTrafficFrame.Start.AddMinutes(25), EndpointTrafficFrame.Start.AddMinutes(30)), (finding.Kind, finding.WindowStart, finding.WindowEnd));
        Assert.Equal(0.5, finding.Value);
        Assert.Equal(3 * 78.0 / 1030, finding.Threshold, 12);
    }

    [Fact]
    public void Find_SkipdataWindows_OnePeriodPerOutage()
    {
        // Windows 1, 2 and 4 (00:05–00:25) are one period; window 20 (01:40), 80 minutes later, another.
        var traffic = new EndpointTrafficFrame();
        AddHealthy(traffic);
        traffic.Add("vpce-s3ok", "use1-az1", null, 0, window: 1, skipdata: 2).Add("vpce-s3ok", "use1-az2", null, 0, window: 2, skipdata: 3)
            .Add("vpce-s3ok", "use1-az2", null, 0, window: 4, skipdata: 1).Add("vpce-s3ok", "use1-az3", null, 0, window: 20, skipdata: 7);

        List<Finding> findings = [.. EndpointFindings.Find(traffic.ToFrame(), null, Healthy)];

        Assert.Equal(
            [(EndpointTrafficFrame.Start.AddMinutes(5), EndpointTrafficFrame.Start.AddMinutes(25), 6.0), (EndpointTrafficFrame.Start.AddMinutes(100), EndpointTrafficFrame.Start.AddMinutes(105), 7.0)],
            findings.Select(f => (f.WindowStart!.Value, f.WindowEnd!.Value, f.Value)));
        Assert.All(findings, f => Assert.Equal(FindingKind.SkipdataPeriod, f.Kind));
        Assert.StartsWith("6 SKIPDATA records in 3 windows from 2026-11-01 00:05 to 00:25 UTC on 2 ENIs (most in the window from 00:10: 3)", findings[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ToFrame_OneRowPerFinding()
    {
        var traffic = new EndpointTrafficFrame().Add("vpce-sts1", "use1-az1", "use1-az1", MiB);

        DataFrame frame = EndpointFindings.ToFrame(EndpointFindings.Find(traffic.ToFrame(), null, [EndpointTrafficFrame.Placed("vpce-sts1", "use1-az1")]));

        Assert.Equal(["kind", "vpc_endpoint_id", "az_id", "window_start", "window_end", "value", "threshold", "summary"], frame.Columns.Select(c => c.Name));
        Assert.Equal("single_az_endpoint", frame.Columns["kind"][0]);
    }

    private static EndpointAz[] Healthy => Azs("vpce-s3ok", "use1-az1", "use1-az2", "use1-az3");

    private static EndpointAz[] Azs(string endpoint, params string[] azs) => [.. azs.Select(az => EndpointTrafficFrame.Placed(endpoint, az))];

    // Three AZs, same-AZ clients, even bytes, 1% rejected.
    private static void AddHealthy(EndpointTrafficFrame traffic)
    {
        foreach (string az in (string[])["use1-az1", "use1-az2", "use1-az3"])
        {
            traffic.Add("vpce-s3ok", az, az, 10 * MiB, records: 100, rejected: 1);
        }
    }
}
