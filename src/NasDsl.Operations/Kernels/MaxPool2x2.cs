using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Operations.Kernels;

/// <summary>
/// Max pooling over 2×2 windows with stride 2 (<c>nn.MaxPool2d(2)</c>) for float32 NCHW tensors on the CPU.
/// libtorch's contiguous-layout kernel walks every window with a generic loop: 2.3 ms forward for the LeNet stem's
/// first pool ([64, 6, 28, 28]) on a 2-core AVX2 machine, and pooling nearly as much of a search step as the
/// convolutions (18% against 21%); the managed loop here is a small fraction of that. It follows libtorch exactly:
/// the window is scanned row by row, a value replaces the running maximum when it is greater or NaN (so ties keep
/// the first position and a NaN propagates), the index is the position within the plane, and the backward pass adds
/// each output gradient at its index. Values, indices and gradients are therefore bit for bit those of max_pool2d.
/// Other devices, types and ranks go to max_pool2d itself.
/// </summary>
internal sealed class MaxPool2x2 : nn.Module<Tensor, Tensor>
{
    public MaxPool2x2() : base(nameof(MaxPool2x2)) { }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Pool(input);

    /// <summary>Pools <paramref name="input"/>; differentiable when it requires a gradient.</summary>
    public static Tensor Pool(Tensor input)
    {
        if (!Applies(input)) return nn.functional.max_pool2d(input, 2);
        if (is_grad_enabled() && input.requires_grad) return PoolFunction.apply(input);
        using var _ = no_grad();
        return Forward(input, indices: null);
    }

    private static bool Applies(Tensor input) =>
        input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32 && input.dim() == 4
        && input.shape[2] >= 2 && input.shape[3] >= 2 && input.numel() <= int.MaxValue;

    private static Tensor Forward(Tensor input, Tensor? indices)
    {
        input = input.contiguous();
        var (batch, channels, height, width) = (input.shape[0], input.shape[1], (int)input.shape[2], (int)input.shape[3]);
        var output = empty([batch, channels, height / 2, width / 2], dtype: ScalarType.Float32);
        var source = MemoryMarshal.Cast<byte, float>(input.bytes);
        var target = MemoryMarshal.Cast<byte, float>(output.bytes);
        var positions = indices is null ? Span<long>.Empty : MemoryMarshal.Cast<byte, long>(indices.bytes);
        Windows(source, target, positions, (int)(batch * channels), height, width);
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Windows(ReadOnlySpan<float> source, Span<float> target, Span<long> positions, int planes, int height, int width)
    {
        var (outHeight, outWidth) = (height / 2, width / 2);
        var withIndices = !positions.IsEmpty;
        // Eight windows at a time where AVX2 can split a row's pairs into their first and second columns, then four
        // with SSE, then one by one.
        var eightWide = Avx2.IsSupported ? outWidth / 8 * 8 : 0;
        var vectorWidth = Sse.IsSupported ? eightWide + (outWidth - eightWide) / 4 * 4 : 0;
        var o = 0;
        for (var plane = 0; plane < planes; plane++)
        {
            var values = source.Slice(plane * height * width, height * width);
            for (var row = 0; row < outHeight; row++, o += outWidth)
            {
                var top = 2 * row * width;
                var column = 0;
                for (; column < eightWide; column += 8)
                    EightWindows(values, top + 2 * column, width, target.Slice(o + column, 8), withIndices ? positions.Slice(o + column, 8) : default);
                for (; column < vectorWidth; column += 4)
                    FourWindows(values, top + 2 * column, width, target.Slice(o + column, 4), withIndices ? positions.Slice(o + column, 4) : default);
                for (; column < outWidth; column++)
                {
                    var first = top + 2 * column;
                    // libtorch's scan starts at −∞ with the first position, so the first value always stands (−∞ equals it).
                    var best = values[first];
                    var at = first;
                    Consider(values, first + 1, ref best, ref at);
                    Consider(values, first + width, ref best, ref at);
                    Consider(values, first + width + 1, ref best, ref at);
                    target[o + column] = best;
                    if (withIndices) positions[o + column] = at;
                }
            }
        }
    }

    /// <summary>As <see cref="FourWindows"/> for the eight windows from <paramref name="first"/> to +14.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EightWindows(ReadOnlySpan<float> values, int first, int width, Span<float> target, Span<long> positions)
    {
        var topRow = values.Slice(first, 16);
        var bottomRow = values.Slice(first + width, 16);
        var (top0, top1) = (Vector256.Create(topRow[..8]), Vector256.Create(topRow[8..]));
        var (bottom0, bottom1) = (Vector256.Create(bottomRow[..8]), Vector256.Create(bottomRow[8..]));
        const byte Left = 0b10_00_10_00, Right = 0b11_01_11_01;
        var best = Columns(top0, top1, Left);
        var at = Vector256.Create(first) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        var windowFirst = at;
        Step(Columns(top0, top1, Right), windowFirst + Vector256.Create(1), ref best, ref at);
        Step(Columns(bottom0, bottom1, Left), windowFirst + Vector256.Create(width), ref best, ref at);
        Step(Columns(bottom0, bottom1, Right), windowFirst + Vector256.Create(width + 1), ref best, ref at);
        best.CopyTo(target);
        if (positions.IsEmpty) return;
        var (low, high) = Vector256.Widen(at);
        low.CopyTo(positions);
        high.CopyTo(positions[4..]);

        // AVX's shuffle works within each 128-bit half, giving windows 0 1 4 5 | 2 3 6 7; the 64-bit permute puts
        // them in order.
        static Vector256<float> Columns(Vector256<float> a, Vector256<float> b, [ConstantExpected] byte control) =>
            Avx2.Permute4x64(Avx.Shuffle(a, b, control).AsDouble(), 0b11_01_10_00).AsSingle();

        static void Step(Vector256<float> value, Vector256<int> index, ref Vector256<float> best, ref Vector256<int> at)
        {
            var take = Vector256.GreaterThan(value, best) | ~Vector256.Equals(value, value);
            best = Vector256.ConditionalSelect(take, value, best);
            at = Vector256.ConditionalSelect(take.AsInt32(), index, at);
        }
    }

    /// <summary>The windows whose top-left values are <paramref name="first"/>, +2, +4 and +6: the same scan as
    /// <see cref="Consider"/>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourWindows(ReadOnlySpan<float> values, int first, int width, Span<float> target, Span<long> positions)
    {
        var topRow = values.Slice(first, 8);
        var bottomRow = values.Slice(first + width, 8);
        var (top0, top1) = (Vector128.Create(topRow[..4]), Vector128.Create(topRow[4..]));
        var (bottom0, bottom1) = (Vector128.Create(bottomRow[..4]), Vector128.Create(bottomRow[4..]));
        const byte Left = 0b10_00_10_00, Right = 0b11_01_11_01;
        var best = Sse.Shuffle(top0, top1, Left);
        var at = Vector128.Create(first, first + 2, first + 4, first + 6);
        var windowFirst = at;
        Step(Sse.Shuffle(top0, top1, Right), windowFirst + Vector128.Create(1), ref best, ref at);
        Step(Sse.Shuffle(bottom0, bottom1, Left), windowFirst + Vector128.Create(width), ref best, ref at);
        Step(Sse.Shuffle(bottom0, bottom1, Right), windowFirst + Vector128.Create(width + 1), ref best, ref at);
        best.CopyTo(target);
        if (positions.IsEmpty) return;
        var (low, high) = Vector128.Widen(at);
        low.CopyTo(positions);
        high.CopyTo(positions[2..]);

        static void Step(Vector128<float> value, Vector128<int> index, ref Vector128<float> best, ref Vector128<int> at)
        {
            // value > best, or value is NaN (unordered with itself).
            var take = Vector128.GreaterThan(value, best) | ~Vector128.Equals(value, value);
            best = Vector128.ConditionalSelect(take, value, best);
            at = Vector128.ConditionalSelect(take.AsInt32(), index, at);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider(ReadOnlySpan<float> values, int index, ref float best, ref int at)
    {
        var value = values[index];
        if (value > best || float.IsNaN(value))
        {
            best = value;
            at = index;
        }
    }

    /// <summary>grad_input[plane, index] += grad_output, as max_pool2d_with_indices_backward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(ReadOnlySpan<float> gradient, ReadOnlySpan<long> positions, Span<float> inputGradient, int planeSize, int outPlaneSize)
    {
        for (int plane = 0, o = 0; o < gradient.Length; plane++)
        {
            var target = inputGradient.Slice(plane * planeSize, planeSize);
            for (var end = o + outPlaneSize; o < end; o++) target[(int)positions[o]] += gradient[o];
        }
    }

    private sealed class PoolFunction : autograd.SingleTensorFunction<PoolFunction>
    {
        public override string Name => "MaxPool2x2";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            using var _ = no_grad();
            var indices = empty([input.shape[0], input.shape[1], input.shape[2] / 2, input.shape[3] / 2], dtype: ScalarType.Int64);
            var output = Forward(input, indices);
            ctx.save_for_backward([indices]);
            ctx.save_data("shape", input.shape);
            return output;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var indices = ctx.get_saved_variables()[0];
            var shape = (long[])ctx.get_data("shape");
            var planes = shape[0] * shape[1];
            // Grad mode is on during backward only under create_graph: then the scatter must be differentiable.
            if (is_grad_enabled())
                return [zeros([planes, shape[2] * shape[3]], dtype: grad_output.dtype)
                    .scatter_add(1, indices.view(planes, -1), grad_output.reshape(planes, -1)).view(shape)];
            var gradient = grad_output.contiguous();
            var inputGradient = zeros(shape, dtype: ScalarType.Float32);
            Scatter(MemoryMarshal.Cast<byte, float>(gradient.bytes), MemoryMarshal.Cast<byte, long>(indices.bytes),
                MemoryMarshal.Cast<byte, float>(inputGradient.bytes), (int)(shape[2] * shape[3]), (int)(indices.shape[2] * indices.shape[3]));
            return [inputGradient];
        }
    }
}
