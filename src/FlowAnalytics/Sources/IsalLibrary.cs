using System.IO.Compression;
using System.Runtime.InteropServices;

namespace FlowAnalytics.Sources;

/// <summary>
/// Intel's ISA-L inflate (<c>libisal.so.2</c>, Debian's <c>libisal2</c>), loaded when the machine
/// has it. Measured here over the generated buckets it inflates with about a quarter less CPU than
/// .NET's zlib-ng, and inflate is a third of the job's CPU. Used only after a self-test: the
/// library is found, and a gzip of several members made by .NET inflates to the same bytes.
/// </summary>
public static class IsalLibrary
{
    /// <summary>The shared library's name (soname 2: the ISA-L 2.x ABI the offsets below are of).</summary>
    public const string Name = "libisal.so.2";

    // struct inflate_state of igzip_lib.h (x86-64, ISA-L 2.30: 87,368 bytes, allocated with room
    // to spare). The fields at its start are the stream's buffers; block_state and crc_flag follow
    // the Huffman tables. A library of another layout fails the self-test (its deflate data is then
    // read with the wrong wrapper, or it never reports a finished member) and is not used.
    internal const int StateBytes = 256 * 1024;
    internal const int NextOut = 0;
    internal const int AvailOut = 8;
    internal const int NextIn = 16;
    internal const int AvailIn = 32;
    internal const int BlockState = 21160;
    internal const int CrcFlag = 21172;

    internal const int BlockFinish = 5;

    // ISAL_GZIP_NO_HDR_VER: deflate data then the gzip trailer, checked. The header is read by
    // GzipHeaderReader: ISA-L's own reading loses the header CRC across reads.
    internal const int GzipTrailerOnly = 6;

    private static readonly object Gate = new();
    private static Task<bool>? _probe;

    /// <summary>
    /// True when ISA-L loaded and passed its self-test; waits for the probe if it is running. A
    /// failed probe is remembered.
    /// </summary>
    public static bool IsAvailable => StartProbe().GetAwaiter().GetResult();

    /// <summary>
    /// Starts the probe on the thread pool, once per process: loading the library and the
    /// self-test's first calls take tens of milliseconds, which a run spends on a core the
    /// inventory load leaves idle instead of before its first object.
    /// </summary>
    public static Task<bool> StartProbe()
    {
        lock (Gate)
        {
            return _probe ??= Task.Run(Probe);
        }
    }

    /// <summary>Probes again after a failed probe (a test that installed the library meanwhile).</summary>
    internal static bool Reprobe()
    {
        Task<bool> probe;
        lock (Gate)
        {
            if (_probe is not { IsCompleted: true, Result: true })
            {
                _probe = Task.FromResult(Probe());
            }

            probe = _probe;
        }

        return probe.Result;
    }

    [DllImport(Name, EntryPoint = "isal_inflate_init")]
    internal static extern void InflateInit(IntPtr state);

    [DllImport(Name, EntryPoint = "isal_inflate_reset")]
    internal static extern void InflateReset(IntPtr state);

    [DllImport(Name, EntryPoint = "isal_inflate")]
    internal static extern int Inflate(IntPtr state);

    /// <summary>
    /// What an ISA-L error code means, for the object's failure (headers are read by
    /// <see cref="GzipHeaderReader"/>, so the header codes never come back).
    /// </summary>
    internal static string Describe(int code) => code switch
    {
        -1 => "invalid deflate block",
        -2 => "invalid Huffman code",
        -3 => "a back-reference reaches before the start of the data",
        -6 => "the CRC-32 or length in a member's trailer does not match its data",
        _ => $"ISA-L inflate error {code}",
    };

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(Name, typeof(IsalLibrary).Assembly, null, out _))
        {
            return false;
        }

        try
        {
            byte[] text = new byte[200_000];
            for (int i = 0; i < text.Length; i++)
            {
                text[i] = (byte)('a' + ((i * 7919) % 23));
            }

            byte[] gzip = [.. Compress(text), .. Compress(text.AsSpan(0, 1000))];
            using var stream = new IsalGzipStream(new MemoryStream(gzip));
            using var inflated = new MemoryStream();
            stream.CopyTo(inflated);
            return inflated.ToArray().AsSpan().SequenceEqual([.. text, .. text.AsSpan(0, 1000)]);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidDataException or BadImageFormatException)
        {
            return false;
        }
    }

    private static byte[] Compress(ReadOnlySpan<byte> text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(text);
        }

        return compressed.ToArray();
    }
}
