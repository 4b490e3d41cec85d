using System.Buffers;
using System.Text;
using FlowAnalytics.Records;

namespace FlowAnalytics.Sampling;

/// <summary>
/// Formats <see cref="SampleRecord"/>s as flow-log text lines into a pooled buffer and hands full
/// buffers to a stream. Numbers go through <see cref="System.Buffers.Text.Utf8Formatter"/>, ids and
/// addresses are copied from precomputed UTF-8: no string is built per record.
/// </summary>
internal sealed class SampleRecordWriter : IDisposable
{
    private const int BufferSize = 1 << 16;

    // Longer than any line: 29 fields with four 39-character IPv6 addresses stay under 600 bytes.
    private const int MaxLineLength = 1024;

    private readonly Stream _destination;
    private readonly SampleScenario _scenario;
    private readonly SampleRecordFormat _format;
    private readonly int _version;

    // Rented here and returned in Dispose: owned by this writer for its whole life.
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;

    /// <summary>Creates a writer of <paramref name="format"/> lines about <paramref name="scenario"/> into <paramref name="destination"/>.</summary>
    public SampleRecordWriter(Stream destination, SampleScenario scenario, SampleRecordFormat format)
    {
        _destination = destination;
        _scenario = scenario;
        _format = format;
        _version = SampleRecordFormats.Version(format);
    }

    /// <summary>Uncompressed bytes written so far (header included), flushed or not.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Writes the header line AWS puts first in every object: the field names separated by spaces.</summary>
    public void WriteHeader()
    {
        var header = new StringBuilder();
        foreach (FlowField field in SampleRecordFormats.Fields(_format))
        {
            header.Append(header.Length == 0 ? "" : " ").Append(FlowFields.Name(field));
        }

        header.Append('\n');
        Append(Encoding.ASCII.GetBytes(header.ToString()));
    }

    /// <summary>Writes one record as a line.</summary>
    public void Write(in SampleRecord record)
    {
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(SampleRecordWriter));
        if (buffer.Length - _used < MaxLineLength)
        {
            FlushBuffer();
        }

        var line = new LineCursor(buffer.AsSpan(_used));
        if (_format == SampleRecordFormat.Default)
        {
            WriteDefault(ref line, in record);
        }
        else
        {
            WriteV5(ref line, in record);
        }

        _used += line.Length;
        BytesWritten += line.Length;
    }

    /// <summary>Hands buffered lines to the stream (not flushing the stream itself).</summary>
    public void FlushBuffer()
    {
        if (_used > 0 && _buffer is not null)
        {
            _destination.Write(_buffer, 0, _used);
            _used = 0;
        }
    }

    /// <summary>Returns the buffer to the pool; lines not yet flushed are dropped.</summary>
    public void Dispose()
    {
        byte[]? buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // One straight-line method per format: a per-field switch costs more than the formatting itself.
    // The field order must match SampleRecordFormats.Fields (the header); the reader tests check it.
    private void WriteDefault(ref LineCursor line, in SampleRecord record)
    {
        SampleInterface eni = record.Interface;
        line.Number(_version);
        line.Field(_scenario.AccountIdUtf8);
        line.Field(eni.IdUtf8);
        line.Field(record.SrcAddr);
        line.Field(record.DstAddr);
        line.Field(record.SrcPort);
        line.Field(record.DstPort);
        line.Field(record.Protocol);
        line.Field(record.Packets);
        line.Field(record.Bytes);
        line.Field(record.Start);
        line.Field(record.End);
        line.Field(ActionText(record.Action));
        line.Field(StatusText(record.Status));
        line.End();
    }

    private void WriteV5(ref LineCursor line, in SampleRecord record)
    {
        SampleInterface eni = record.Interface;
        line.Number(_version);
        line.Field(record.SrcAddr);
        line.Field(record.DstAddr);
        line.Field(record.SrcPort);
        line.Field(record.DstPort);
        line.Field(record.Protocol);
        line.Field(record.Start);
        line.Field(record.End);
        line.Field(record.Type switch
        {
            TrafficType.IPv4 => "IPv4"u8,
            TrafficType.IPv6 => "IPv6"u8,
            _ => "-"u8,
        });
        line.Field(record.Packets);
        line.Field(record.Bytes);
        line.Field(_scenario.AccountIdUtf8);
        line.Field(_scenario.VpcIdUtf8);
        line.Field(eni.SubnetIdUtf8);
        line.Field(eni.InstanceIdUtf8);
        line.Field(eni.IdUtf8);
        line.Field(SampleScenario.RegionUtf8);
        line.Field(eni.Zone.IdUtf8);
        // No Wavelength or Outposts subnets in the scenario: sublocation-type and -id are always '-'.
        line.Field("-"u8);
        line.Field("-"u8);
        line.Field(ActionText(record.Action));
        line.Field(record.TcpFlags);
        line.Field(record.PktSrcAddr);
        line.Field(record.PktDstAddr);
        line.Field(record.PktSrcService);
        line.Field(record.PktDstService);
        line.Field(record.TrafficPath);
        line.Field(record.Direction switch
        {
            FlowDirection.Ingress => "ingress"u8,
            FlowDirection.Egress => "egress"u8,
            _ => "-"u8,
        });
        line.Field(StatusText(record.Status));
        line.End();
    }

    private static ReadOnlySpan<byte> ActionText(FlowAction action) => action switch
    {
        FlowAction.Accept => "ACCEPT"u8,
        FlowAction.Reject => "REJECT"u8,
        _ => "-"u8,
    };

    private static ReadOnlySpan<byte> StatusText(LogStatus status) => status switch
    {
        LogStatus.NoData => "NODATA"u8,
        LogStatus.SkipData => "SKIPDATA"u8,
        _ => "OK"u8,
    };

    private void Append(ReadOnlySpan<byte> bytes)
    {
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(SampleRecordWriter));
        if (buffer.Length - _used < bytes.Length)
        {
            FlushBuffer();
        }

        bytes.CopyTo(buffer.AsSpan(_used));
        _used += bytes.Length;
        BytesWritten += bytes.Length;
    }
}
