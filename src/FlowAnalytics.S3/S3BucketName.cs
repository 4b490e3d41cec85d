using System.Net;

namespace FlowAnalytics.S3;

/// <summary>
/// The bucket naming rules of general purpose buckets: 3–63 characters of lowercase letters, digits,
/// <c>.</c> and <c>-</c>, starting and ending with a letter or digit, no <c>..</c>, not an IPv4
/// address, and none of the prefixes and suffixes AWS reserves. Checked before any request, so a
/// typo gets a sentence instead of a signature or DNS error.
/// </summary>
public static class S3BucketName
{
    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    /// <summary>Why <paramref name="name"/> is not a legal bucket name, or null when it is.</summary>
    public static string? Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is < 3 or > 63)
        {
            return $"a bucket name has 3 to 63 characters (this one has {name.Length}).";
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
            {
                return $"a bucket name holds only lowercase letters, digits, '.' and '-' (not '{c}').";
            }
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "a bucket name starts and ends with a letter or digit.";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "a bucket name has no two adjacent periods.";
        }

        if (name.Split('.').Length == 4 && IPAddress.TryParse(name, out _))
        {
            return "a bucket name is not an IP address.";
        }

        foreach (string prefix in ReservedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return $"the prefix '{prefix}' is reserved by AWS.";
            }
        }

        foreach (string suffix in ReservedSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return $"the suffix '{suffix}' is reserved by AWS.";
            }
        }

        return null;
    }
}
