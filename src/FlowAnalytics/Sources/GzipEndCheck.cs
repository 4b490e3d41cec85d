using System.IO.Compression;
using System.Reflection;

namespace FlowAnalytics.Sources;

/// <summary>
/// Tells whether a <see cref="GZipStream"/> that has returned end-of-stream really reached the end
/// of its last member. .NET's GZipStream ends quietly when its input runs out part way (every cut
/// of a test file, trailer included, read "successfully"), which would count part of a truncated
/// object. zlib's own state knows: its inflater finishes only after a member's CRC-32 and length
/// are checked. That state is private, so it is read by reflection, resolved once; if a future
/// runtime renames it, <see cref="IsComplete"/> answers null and callers cannot tell (a test pins
/// the behaviour on the runtime the project uses).
/// </summary>
public static class GzipEndCheck
{
    private static readonly FieldInfo? DeflateField =
        typeof(GZipStream).GetField("_deflateStream", BindingFlags.NonPublic | BindingFlags.Instance);

    private static readonly FieldInfo? InflaterField =
        typeof(DeflateStream).GetField("_inflater", BindingFlags.NonPublic | BindingFlags.Instance);

    private static readonly MethodInfo? FinishedMethod =
        Type.GetType("System.IO.Compression.Inflater, System.IO.Compression")?.GetMethod("Finished", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);

    /// <summary>True when the runtime exposes what the check needs.</summary>
    public static bool IsSupported => DeflateField is not null && InflaterField is not null && FinishedMethod is not null;

    /// <summary>
    /// After <paramref name="gzip"/> returned end-of-stream: true when its last member ended with a
    /// verified trailer, false when the input ran out inside a member, null when unknown.
    /// </summary>
    public static bool? IsComplete(GZipStream gzip)
    {
        if (!IsSupported || DeflateField!.GetValue(gzip) is not DeflateStream deflate || InflaterField!.GetValue(deflate) is not { } inflater)
        {
            return null;
        }

        return FinishedMethod!.Invoke(inflater, null) is true;
    }
}
