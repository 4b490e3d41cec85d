namespace FlowAnalytics.Sampling;

// The shape of a TCP connection within one aggregation window: flags, timing, sizes.
internal sealed partial class SampleTrafficGenerator
{
    // The flags AWS reports: FIN 1, SYN 2, RST 4, SYN-ACK 18; OR-ed over the window.
    private const int Fin = 1;
    private const int Syn = 2;
    private const int Rst = 4;
    private const int SynAck = 18;

    /// <summary>Which part of a TCP connection's life falls in the window.</summary>
    private enum TcpPhase : byte
    {
        /// <summary>A short connection opened and closed within the window (SYN|FIN = 3, SYN-ACK|FIN = 19).</summary>
        Complete,

        /// <summary>A long-lived connection in mid-stream: no flags.</summary>
        Ongoing,

        /// <summary>Opened late in the window, still open at its end.</summary>
        Opening,

        /// <summary>Open since an earlier window, closed in this one.</summary>
        Closing,

        /// <summary>Aborted with a reset.</summary>
        Reset,
    }

    private TcpPhase PickPhase()
    {
        double roll = _random.NextDouble();
        return roll < 0.55 ? TcpPhase.Complete
            : roll < 0.77 ? TcpPhase.Ongoing
            : roll < 0.87 ? TcpPhase.Opening
            : roll < 0.96 ? TcpPhase.Closing
            : TcpPhase.Reset;
    }

    /// <summary>The request and response directions' OR-ed flags.</summary>
    private (int Request, int Response) Flags(TcpPhase phase) => phase switch
    {
        // 27 = SYN-ACK|FIN plus PSH (8): rare, but AWS has been seen to pass it through.
        TcpPhase.Complete => (Syn | Fin, _random.Chance(0.02) ? SynAck | Fin | 8 : SynAck | Fin),
        TcpPhase.Ongoing => (0, 0),
        TcpPhase.Opening => (Syn, SynAck),
        TcpPhase.Closing => (Fin, Fin),
        _ => _random.Chance(0.5) ? (Syn | Rst, SynAck) : (Syn, Rst),
    };

    /// <summary>
    /// Start and end of a flow in the window beginning at <paramref name="windowStart"/>: both inside
    /// the window, end ≥ start. Short connections last a second or two, a few much longer.
    /// </summary>
    private (long Start, long End) Timing(long windowStart, TcpPhase phase)
    {
        long start;
        long end;
        switch (phase)
        {
            case TcpPhase.Complete:
                int duration = (int)_random.Pareto(1, 1.4, 60) - 1;
                start = windowStart + _random.Next(60 - duration);
                end = start + duration;
                break;
            case TcpPhase.Ongoing:
                start = windowStart + _random.Next(2);
                end = windowStart + 59 - _random.Next(2);
                break;
            case TcpPhase.Opening:
                start = windowStart + _random.Next(59);
                end = start + _random.Next((int)(windowStart + 60 - start));
                break;
            case TcpPhase.Closing:
                start = windowStart + _random.Next(2);
                end = start + _random.Next(58);
                break;
            default:
                start = windowStart + _random.Next(57);
                end = start + _random.Next(3);
                break;
        }

        return (start, end);
    }

    /// <summary>
    /// Packets and bytes of both directions: heavy-tailed (Pareto) request sizes, responses
    /// <paramref name="responseFactor"/> times larger on average and in fuller packets; long-lived
    /// connections carry more. Every packet carries at least its IP and TCP headers.
    /// </summary>
    private void Size(ref SampleRecord request, ref SampleRecord response, double responseFactor, TcpPhase phase)
    {
        int header = request.Type == Records.TrafficType.IPv6 ? 60 : 40;
        double scale = phase == TcpPhase.Ongoing ? 20 : phase == TcpPhase.Reset ? 0.2 : 1;
        long requestPackets = Math.Max(1, (long)(_random.Pareto(1, 1.2, 20_000) * scale));
        double requestPacketSize = header + 20 + _random.NextDouble() * 400;
        long requestBytes = (long)(requestPackets * requestPacketSize);

        double responseBytes = requestBytes * responseFactor * (0.3 + 1.4 * _random.NextDouble());
        double responsePacketSize = header + 200 + _random.NextDouble() * 1250;
        long responsePackets = Math.Max(1, (long)(responseBytes / responsePacketSize));

        request.Packets = requestPackets;
        request.Bytes = requestBytes;
        response.Packets = responsePackets;
        response.Bytes = Math.Max(responsePackets * header, (long)responseBytes);
    }
}
