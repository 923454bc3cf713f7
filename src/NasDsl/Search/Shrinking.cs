namespace NasDsl.Search;

/// <summary>An operation that progressive shrinking took out of play.</summary>
/// <param name="Epoch">Zero-based epoch of the step before which it was dropped.</param>
/// <param name="Step">Zero-based step within that epoch.</param>
/// <param name="Scope">The scope path.</param>
/// <param name="Operation">The operation's name.</param>
public sealed record ShrinkDrop(int Epoch, int Step, string Scope, string Operation);

/// <summary>
/// GRAFS' progressive shrinking (Strack et al. 2024): drops come on a log-spaced schedule, most of them early, and
/// each removes the lowest-weighted operation of the edge with the most operations left, until every edge has
/// one. GRAFS drops at epoch boundaries, at epochs start − 1 + logspace(0, log10(E − start), n); a CPU-sized
/// search has few epochs, so the same curve is laid over steps instead: from the first step of the start epoch
/// to the first step of the last epoch, which then trains the discrete choice.
/// </summary>
internal static class Shrinking
{
    /// <summary>The global step index (epoch × steps per epoch + step) before which each drop happens, in order.</summary>
    public static long[] Schedule(int drops, int fromEpoch, int epochs, int stepsPerEpoch)
    {
        if (drops <= 0) return [];
        long first = (long)fromEpoch * stepsPerEpoch;
        long last = Math.Max(first, (long)(epochs - 1) * stepsPerEpoch);
        if (drops == 1) return [first];
        var span = Math.Log10(last - first + 1);
        var result = new long[drops];
        for (var j = 0; j < drops; j++)
            result[j] = first - 1 + (long)Math.Floor(Math.Pow(10, span * j / (drops - 1)) + 1e-9);
        result[^1] = last;
        return result;
    }

    /// <summary>Drops needed to bring every scope down to one operation.</summary>
    public static int DropsNeeded(IReadOnlyList<MixingScope> scopes) => scopes.Sum(s => s.Table.Count - 1);

    /// <summary>
    /// The next drop: the scope with the most operations in play (the first in scope order on ties), and its
    /// lowest-weighted operation in play. With <paramref name="excludeZero"/> a <c>IsZero</c> operation counts as
    /// the lowest, since discretisation could never choose it. Null when every scope has one operation.
    /// </summary>
    public static (int Scope, int Operation)? Next(IReadOnlyList<MixingScope> scopes, bool excludeZero)
    {
        var scope = -1;
        for (var i = 0; i < scopes.Count; i++)
            if (scopes[i].ActiveCount > 1 && (scope < 0 || scopes[i].ActiveCount > scopes[scope].ActiveCount)) scope = i;
        if (scope < 0) return null;
        var weights = scopes[scope].ExpectedWeights();
        var table = scopes[scope].Table;
        var lowest = -1;
        for (var k = 0; k < weights.Length; k++)
        {
            if (!scopes[scope].Active[k]) continue;
            if (lowest < 0 || Lower(k, lowest)) lowest = k;
        }
        return (scope, lowest);

        bool Lower(int k, int than)
        {
            var kZero = excludeZero && table[k].IsZero;
            var thanZero = excludeZero && table[than].IsZero;
            if (kZero != thanZero) return kZero;
            return weights[k] < weights[than];
        }
    }
}

/// <summary>How decided one edge is at the end of an epoch.</summary>
/// <param name="TopWeight">The chosen operation's expected mixing weight.</param>
/// <param name="Margin">Its lead over the best other operation in play (0 with one left; negative when a Zero
/// operation that discretisation may not choose weighs more).</param>
/// <param name="RelativeEntropy">Entropy of the weights in play over ln(operations in play): 1 is uniform, 0 is
/// one-hot (0 with one left).</param>
/// <param name="StableSinceEpoch">Zero-based epoch since which the argmax has not changed.</param>
/// <param name="InPlay">Operations still in play.</param>
/// <param name="Decided">True when one operation is left, or the chosen one weighs at least twice uniform
/// (2 / operations in play).</param>
public sealed record EdgeDecisiveness(double TopWeight, double Margin, double RelativeEntropy, int StableSinceEpoch, int InPlay, bool Decided)
{
    /// <summary>Computes the measures from an edge's weights, the operations in play and the chosen one.</summary>
    public static EdgeDecisiveness Of(IReadOnlyList<float> weights, IReadOnlyList<bool> active, int chosen, int stableSinceEpoch)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(active);
        if (weights.Count != active.Count) throw new ArgumentException($"{weights.Count} weights but {active.Count} in-play flags.", nameof(active));
        var inPlay = Enumerable.Range(0, weights.Count).Where(i => active[i]).ToArray();
        if (!inPlay.Contains(chosen)) throw new ArgumentException($"Operation {chosen} is not in play.", nameof(chosen));
        var top = (double)weights[chosen];
        if (inPlay.Length == 1) return new EdgeDecisiveness(top, 0, 0, stableSinceEpoch, 1, true);
        var second = inPlay.Where(i => i != chosen).Max(i => (double)weights[i]);
        var total = inPlay.Sum(i => (double)weights[i]);
        var entropy = 0.0;
        foreach (var i in inPlay)
        {
            var p = weights[i] / total;
            if (p > 0) entropy -= p * Math.Log(p);
        }
        return new EdgeDecisiveness(top, top - second, entropy / Math.Log(inPlay.Length), stableSinceEpoch, inPlay.Length, top >= 2.0 / inPlay.Length);
    }
}
