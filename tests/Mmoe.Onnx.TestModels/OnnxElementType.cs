namespace Mmoe.Onnx.TestModels;

/// <summary>ONNX TensorProto.DataType values used by the test models.</summary>
public enum OnnxElementType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
}
