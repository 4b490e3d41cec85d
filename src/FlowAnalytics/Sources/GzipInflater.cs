namespace FlowAnalytics.Sources;

/// <summary>Which inflate decompresses gzip objects.</summary>
public enum GzipInflater : byte
{
    /// <summary>ISA-L when the machine has it (<see cref="IsalLibrary.IsAvailable"/>), else zlib.</summary>
    Auto,

    /// <summary>Intel's ISA-L igzip (Debian's <c>libisal2</c>): about a quarter less CPU per byte here.</summary>
    Isal,

    /// <summary>.NET's <see cref="System.IO.Compression.GZipStream"/> (zlib-ng), always there.</summary>
    Zlib,
}
