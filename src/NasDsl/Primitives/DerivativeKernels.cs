namespace NasDsl;

/// <summary>
/// A unary primitive's value and derivative, elementwise over float32 spans of equal length (see
/// <see cref="PrimitiveAttribute.Derivative"/>). <paramref name="derivative"/> is empty when only values are wanted.
/// </summary>
public delegate void UnaryDerivativeKernel(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative);

/// <summary>
/// A binary primitive's value and both partial derivatives, elementwise over float32 spans of equal length.
/// <paramref name="derivativeA"/> and <paramref name="derivativeB"/> are empty when only values are wanted.
/// </summary>
public delegate void BinaryDerivativeKernel(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB);
