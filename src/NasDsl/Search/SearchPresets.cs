namespace NasDsl.Search;

/// <summary>
/// Starting points for each method. <see cref="Darts"/> is DARTS as published (the <see cref="SearchOptions"/>
/// defaults). The DrNAS and GDAS presets keep NASLib's optimiser settings and add GRAFS' stabilisers (one
/// warm-start epoch, progressive shrinking, ±10 output bounds), so that a CPU-sized search of a few hundred steps
/// ends with every edge decided; the README gives the measurements behind them. Change any setting with
/// <c>with { … }</c>.
/// </summary>
public static class SearchPresets
{
    /// <summary>DARTS' paper settings: first order, Adam 3e-4, no stabilisers.</summary>
    public static SearchOptions Darts { get; } = new();

    /// <summary>DrNAS with KL regulariser (λ = 1e-3), Adam 3e-4, one warm-start epoch, shrinking, ±10 bounds.</summary>
    public static SearchOptions DrNas { get; } = new()
    {
        Method = SearchMethod.DrNas,
        WarmupEpochs = 1,
        Shrink = true,
        OutputBound = 10,
    };

    /// <summary>GDAS with τ 10 → 0.1, Adam 3e-4, one warm-start epoch, shrinking, ±10 bounds.</summary>
    public static SearchOptions Gdas { get; } = new()
    {
        Method = SearchMethod.Gdas,
        WarmupEpochs = 1,
        Shrink = true,
        OutputBound = 10,
    };

    /// <summary>The preset of <paramref name="method"/>.</summary>
    public static SearchOptions For(SearchMethod method) => method switch
    {
        SearchMethod.DrNas => DrNas,
        SearchMethod.Gdas => Gdas,
        _ => Darts,
    };
}
