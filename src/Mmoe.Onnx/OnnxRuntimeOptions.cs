namespace Mmoe.Onnx;

/// <summary>How ONNX Runtime sessions are created.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>
    /// Tries the CUDA execution provider first. On by default in builds with the <c>Gpu</c> switch
    /// (Microsoft.ML.OnnxRuntime.Gpu); when CUDA is not usable the session runs on the CPU and one line is logged.
    /// </summary>
    public bool UseCuda { get; init; } = IsGpuBuild;

    public int CudaDeviceId { get; init; }

    /// <summary>Threads one operator may use; 0 lets ONNX Runtime decide (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Whether this assembly was built with the <c>Gpu</c> switch.</summary>
    public static bool IsGpuBuild =>
#if MMOE_GPU
        true;
#else
        false;
#endif
}
