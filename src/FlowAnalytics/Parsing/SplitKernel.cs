using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FlowAnalytics.Parsing;

/// <summary>
/// Which implementation finds field boundaries. The fastest the CPU supports is chosen at start-up;
/// <c>FLOWANALYTICS_SPLIT_KERNEL=scalar|vector128|vector256|vector512</c> forces one (tests run them all).
/// </summary>
public enum SplitKernel : byte
{
    /// <summary>Byte at a time: the reference the vector kernels must match.</summary>
    Scalar,
    /// <summary>16 bytes at a time.</summary>
    Vector128,
    /// <summary>32 bytes at a time.</summary>
    Vector256,
    /// <summary>64 bytes at a time, boundaries gathered by AVX-512 compress instead of a bit loop.</summary>
    Vector512,
}

/// <summary>Picks the split kernel once per process.</summary>
public static class SplitKernels
{
    /// <summary>The environment variable that forces a kernel.</summary>
    public const string EnvironmentVariable = "FLOWANALYTICS_SPLIT_KERNEL";

    /// <summary>The kernel in use.</summary>
    public static SplitKernel Current { get; } = Choose(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>True when this CPU can run the kernel.</summary>
    public static bool IsSupported(SplitKernel kernel) => kernel switch
    {
        SplitKernel.Vector512 => Avx512Vbmi2.IsSupported && Avx512Vbmi.IsSupported && Avx512BW.IsSupported,
        SplitKernel.Vector256 => Vector256.IsHardwareAccelerated,
        SplitKernel.Vector128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    internal static SplitKernel Choose(string? forced)
    {
        if (Enum.TryParse(forced, ignoreCase: true, out SplitKernel kernel) && IsSupported(kernel))
        {
            return kernel;
        }

        return IsSupported(SplitKernel.Vector512) ? SplitKernel.Vector512
            : IsSupported(SplitKernel.Vector256) ? SplitKernel.Vector256
            : IsSupported(SplitKernel.Vector128) ? SplitKernel.Vector128
            : SplitKernel.Scalar;
    }
}
