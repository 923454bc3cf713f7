using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Search;

/// <summary>The first place a batch turns non-finite inside a supernet.</summary>
/// <param name="ScopePath">Architecture-weight scope of the mixed edge, e.g. <c>Cell.U1</c>.</param>
/// <param name="EdgePath">Placement path of the edge, e.g. <c>Act.U1</c> (differs for cells that share weights).</param>
/// <param name="Operation">The candidate operation, or null when the edge's input was already non-finite.</param>
/// <param name="Description">What went non-finite, in words.</param>
internal sealed record DivergenceFinding(string? ScopePath, string? EdgePath, string? Operation, string Description);

/// <summary>
/// Finds the first mixed edge whose candidate goes non-finite on a batch: one forward pass records every mixed
/// edge's inputs in execution order (through the edges' inspectors), then each edge's candidates run one by one, first forward, then (if every
/// output is finite) backward.
/// </summary>
internal static class DivergenceDiagnosis
{
    public static DivergenceFinding Diagnose(Supernet supernet, Tensor images)
    {
        using var scope = NewDisposeScope();
        var scopeByAlpha = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < supernet.Scopes.Count; i++) scopeByAlpha[supernet.Architecture.Alphas[i]] = supernet.Scopes[i].Path;
        var calls = new List<(nn.Module Edge, Tensor[] Inputs)>();
        var unary = supernet.modules().OfType<MixedOp>().ToArray();
        var binary = supernet.modules().OfType<MixedBinaryOp>().ToArray();
        foreach (var edge in unary) edge.Inspector = (m, x) => calls.Add((m, [x.detach().clone()]));
        foreach (var edge in binary) edge.Inspector = (m, a, b) => calls.Add((m, [a.detach().clone(), b.detach().clone()]));
        Tensor output;
        try
        {
            using var _ = no_grad();
            output = supernet.forward(images);
        }
        finally
        {
            foreach (var edge in unary) edge.Inspector = null;
            foreach (var edge in binary) edge.Inspector = null;
        }

        foreach (var (edge, inputs) in calls)
        {
            var (path, alpha) = Describe(edge);
            var scopePath = scopeByAlpha.GetValueOrDefault(alpha, path);
            if (inputs.Any(x => !x.isfinite().all().item<bool>()))
                return new(scopePath, path, null, $"the input of scope '{scopePath}' (edge {path}) was already non-finite (check the data and the fixed edges before it)");
            var operation = edge is MixedOp u ? u.FirstNonFiniteOutput(inputs[0]) : ((MixedBinaryOp)edge).FirstNonFiniteOutput(inputs[0], inputs[1]);
            if (operation is not null)
                return new(scopePath, path, operation, $"operation '{operation}' of scope '{scopePath}' (edge {path}) produced a non-finite output");
        }
        if (!output.isfinite().all().item<bool>())
            return new(null, null, null, "the network output was non-finite although every mixed edge was finite, so a fixed edge after them diverged");
        foreach (var (edge, inputs) in calls)
        {
            var (path, alpha) = Describe(edge);
            var scopePath = scopeByAlpha.GetValueOrDefault(alpha, path);
            var operation = edge is MixedOp u ? u.FirstNonFiniteGradient(inputs[0]) : ((MixedBinaryOp)edge).FirstNonFiniteGradient(inputs[0], inputs[1]);
            if (operation is not null)
                return new(scopePath, path, operation, $"operation '{operation}' of scope '{scopePath}' (edge {path}) has a non-finite gradient");
        }
        return new(null, null, null, "every mixed edge is finite on this batch forward and backward, so the loss, a fixed edge or the weight update diverged");
    }

    private static (string Path, TorchSharp.Modules.Parameter Alpha) Describe(nn.Module edge) => edge switch
    {
        MixedOp u => (u.Path, u.Alpha),
        MixedBinaryOp b => (b.Path, b.Alpha),
        _ => throw new InvalidOperationException($"Not a mixed edge: {edge.GetType().Name}."),
    };
}
