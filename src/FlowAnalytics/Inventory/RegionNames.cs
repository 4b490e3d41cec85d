namespace FlowAnalytics.Inventory;

/// <summary>
/// Derives a region name from what the inventory does print: zone names and endpoint service
/// names. describe-network-interfaces and describe-subnets print no region, and the region a
/// command ran against is not in its output.
/// </summary>
internal static class RegionNames
{
    /// <summary>
    /// The region of a zone name: <c>us-east-1a</c> → <c>us-east-1</c>, <c>us-gov-west-1b</c> →
    /// <c>us-gov-west-1</c>, local and Wavelength zones <c>us-east-1-bos-1a</c>,
    /// <c>us-east-1-wl1-bos-wlz-1</c> → <c>us-east-1</c>. Null when the name has no region shape.
    /// </summary>
    public static string? FromAvailabilityZone(string? zone)
    {
        if (string.IsNullOrEmpty(zone))
        {
            return null;
        }

        // A region is letter-words then a number ("us-gov-west-1"); the zone adds a letter or a
        // "-local-zone" suffix to it. So the region ends with the digits of the first word that
        // starts with a digit, provided some word came before it.
        int start = 0;
        while (start < zone.Length)
        {
            int end = zone.IndexOf('-', start);
            if (end < 0)
            {
                end = zone.Length;
            }

            if (start > 0 && char.IsAsciiDigit(zone[start]))
            {
                int digitsEnd = start;
                while (digitsEnd < end && char.IsAsciiDigit(zone[digitsEnd]))
                {
                    digitsEnd++;
                }

                return zone[..digitsEnd];
            }

            // Region names start with a two-letter geography ("us", "eu", "ap", "cn") and the words up
            // to the number are letters; this keeps ids such as "vpce-svc-0123" from looking like one.
            if ((start == 0 && end != 2) || !IsLetters(zone.AsSpan(start, end - start)))
            {
                return null;
            }

            start = end + 1;
        }

        return null;
    }

    /// <summary>
    /// The region inside a service name: <c>com.amazonaws.us-east-1.s3</c>,
    /// <c>com.amazonaws.vpce.eu-west-1.vpce-svc-0123</c>, <c>aws.sagemaker.us-west-2.notebook</c>.
    /// Null when no dot-separated part is a region.
    /// </summary>
    public static string? FromServiceName(string? serviceName)
    {
        if (string.IsNullOrEmpty(serviceName))
        {
            return null;
        }

        foreach (string part in serviceName.Split('.'))
        {
            // A part is a region exactly when reading it as a zone takes nothing off.
            if (FromAvailabilityZone(part) == part)
            {
                return part;
            }
        }

        return null;
    }

    private static bool IsLetters(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return false;
        }

        foreach (char c in word)
        {
            if (!char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }
}
