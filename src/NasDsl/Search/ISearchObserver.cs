namespace NasDsl.Search;

/// <summary>
/// Receives progress of a search; every member has an empty default, so implement only what you show. Calls
/// come from the thread that runs the search, between steps.
/// </summary>
public interface ISearchObserver
{
    /// <summary>An epoch begins (also when a run resumes in the middle of it, with <paramref name="firstStep"/> &gt; 0).</summary>
    void OnEpochStarted(int epoch, int epochs, int firstStep, int stepsPerEpoch, double learningRate) { }

    /// <summary>A step finished.</summary>
    void OnStep(StepRecord step) { }

    /// <summary>An epoch finished; <paramref name="record"/> holds its summary and the alphas after it. The epoch's
    /// checkpoint (when configured) is already written, so an exception thrown here stops the search without losing it.</summary>
    void OnEpochCompleted(EpochRecord record) { }

    /// <summary>A checkpoint was written to <paramref name="path"/>.</summary>
    void OnCheckpointSaved(string path) { }
}
