namespace Mmoe.LlamaSharp;

/// <summary>Storage type of the KV cache. F32 makes results reproducible bit for bit; Q8_0 halves F16's memory (V quantisation needs flash attention).</summary>
public enum KvCacheType
{
    F16 = 0,
    F32 = 1,
    Q8_0 = 2,
    Q4_0 = 3,
}
