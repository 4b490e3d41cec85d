namespace FlowAnalytics.Cli;

/// <summary>Process exit codes (DESIGN §6).</summary>
public static class ExitCodes
{
    /// <summary>Finished; every input read.</summary>
    public const int Ok = 0;

    /// <summary>Bad usage or configuration (unknown option, missing path, bad format).</summary>
    public const int Usage = 1;

    /// <summary>A fatal error stopped the run.</summary>
    public const int Fatal = 2;

    /// <summary>Finished, but objects were rejected or bad lines exceeded the limit.</summary>
    public const int Rejected = 3;
}
