using System.Runtime.InteropServices;

namespace Mmoe.Onnx.TestModels;

/// <summary>
/// Builds an ONNX model (ModelProto with one GraphProto) from inputs, outputs, initializers and nodes, writing the
/// protobuf directly. Field numbers follow the public ONNX IR specification (onnx.proto).
/// </summary>
public sealed class OnnxGraphBuilder(string name)
{
    // ModelProto
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelGraph = 7, ModelOpsetImport = 8;

    // OperatorSetIdProto
    private const int OpsetVersion = 2;

    // GraphProto
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;

    // NodeProto
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;

    // AttributeProto and its AttributeType values
    private const int AttributeName = 1, AttributeF = 2, AttributeI = 3, AttributeInts = 8, AttributeType = 20;
    private const int TypeFloat = 1, TypeInt = 2, TypeInts = 7;

    // TensorProto
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;

    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private const int ValueName = 1, ValueType = 2, TypeTensor = 1, TensorElemType = 1, TensorShape = 2, ShapeDim = 1, DimValue = 1, DimParam = 2;

    private readonly ProtoWriter _graph = new ProtoWriter().String(GraphName, name);
    private int _nodes;

    /// <summary>Adds a graph input; each dimension is a fixed size (int or long) or a symbolic name (string).</summary>
    public OnnxGraphBuilder Input(string valueName, OnnxElementType type, params object[] dims)
    {
        _graph.Message(GraphInput, ValueInfo(valueName, type, dims));
        return this;
    }

    public OnnxGraphBuilder Output(string valueName, OnnxElementType type, params object[] dims)
    {
        _graph.Message(GraphOutput, ValueInfo(valueName, type, dims));
        return this;
    }

    public OnnxGraphBuilder Initializer(string valueName, float[] values, params long[] dims) =>
        Initializer(valueName, OnnxElementType.Float, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public OnnxGraphBuilder Initializer(string valueName, long[] values, params long[] dims) =>
        Initializer(valueName, OnnxElementType.Int64, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    /// <summary>Adds a node; attribute values are int/long (INT), float (FLOAT) or long[] (INTS).</summary>
    public OnnxGraphBuilder Node(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(NodeInput, input);
        }

        foreach (var output in outputs)
        {
            node.String(NodeOutput, output);
        }

        node.String(NodeName, $"{opType}_{_nodes++}").String(NodeOpType, opType);
        foreach (var (attributeName, value) in attributes)
        {
            var attribute = new ProtoWriter().String(AttributeName, attributeName);
            _ = value switch
            {
                int i => attribute.Int(AttributeI, i).Int(AttributeType, TypeInt),
                long l => attribute.Int(AttributeI, l).Int(AttributeType, TypeInt),
                float f => attribute.Float(AttributeF, f).Int(AttributeType, TypeFloat),
                long[] ints => attribute.PackedInts(AttributeInts, ints).Int(AttributeType, TypeInts),
                _ => throw new ArgumentException($"Attribute '{attributeName}' has an unsupported value type {value.GetType().Name}."),
            };
            node.Message(NodeAttribute, attribute);
        }

        _graph.Message(GraphNode, node);
        return this;
    }

    /// <summary>The serialized model (IR version 8, default-domain opset 17).</summary>
    public byte[] ToModel() =>
        new ProtoWriter()
            .Int(ModelIrVersion, 8)
            .String(ModelProducerName, "Mmoe.Onnx.TestModels")
            .Message(ModelGraph, _graph)
            .Message(ModelOpsetImport, new ProtoWriter().Int(OpsetVersion, 17))
            .ToArray();

    public void Save(string path) => File.WriteAllBytes(path, ToModel());

    private OnnxGraphBuilder Initializer(string valueName, OnnxElementType type, ReadOnlySpan<byte> littleEndianData, long[] dims)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian.");
        }

        _graph.Message(GraphInitializer, new ProtoWriter()
            .PackedInts(TensorDims, dims)
            .Int(TensorDataType, (int)type)
            .String(TensorName, valueName)
            .Bytes(TensorRawData, littleEndianData));
        return this;
    }

    private static ProtoWriter ValueInfo(string valueName, OnnxElementType type, object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            var dimension = dim switch
            {
                int i => new ProtoWriter().Int(DimValue, i),
                long l => new ProtoWriter().Int(DimValue, l),
                string s => new ProtoWriter().String(DimParam, s),
                _ => throw new ArgumentException($"Dimension {dim} of '{valueName}' must be a number or a name."),
            };
            shape.Message(ShapeDim, dimension);
        }

        var tensor = new ProtoWriter().Int(TensorElemType, (int)type).Message(TensorShape, shape);
        return new ProtoWriter().String(ValueName, valueName).Message(ValueType, new ProtoWriter().Message(TypeTensor, tensor));
    }
}
