namespace FlowAnalytics.Inventory;

/// <summary>
/// An inventory file that is not valid JSON, or not what <c>aws ec2 describe-network-interfaces</c>,
/// <c>describe-vpc-endpoints</c> or <c>describe-subnets</c> print. The message names the file, the
/// place (JSON path, or line and byte for a syntax error) and what was expected there, so a user
/// can fix the file without reading our code.
/// </summary>
public sealed class InventoryFormatException : Exception
{
    /// <summary>Creates the exception for a place in a file.</summary>
    /// <param name="filePath">The file as the user named it.</param>
    /// <param name="jsonPath">The JSON path of the offending value (<c>$.Subnets[2].CidrBlock</c>), or null for a syntax error.</param>
    /// <param name="message">The full message, naming the file, the place and what was expected.</param>
    /// <param name="innerException">The JSON reader's exception for a syntax error.</param>
    public InventoryFormatException(string filePath, string? jsonPath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        JsonPath = jsonPath;
    }

    /// <summary>The file as the user named it.</summary>
    public string FilePath { get; }

    /// <summary>The JSON path of the offending value, or null when the file is not valid JSON.</summary>
    public string? JsonPath { get; }
}
