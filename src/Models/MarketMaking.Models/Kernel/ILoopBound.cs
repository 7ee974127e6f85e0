namespace MarketMaking.Models;

/// <summary>
/// An in-loop handler whose state only its engine loop may change. The loop binds itself to it when the handler is
/// added; from then on each of its state changes checks <see cref="IEngineLoop.EnsureOnLoop"/>, so that a change made
/// off the loop while it runs fails at once instead of racing the loop.
/// </summary>
public interface ILoopBound
{
    /// <summary>Binds the handler to the loop that will drive it.</summary>
    /// <param name="loop">The loop.</param>
    void BindTo(IEngineLoop loop);
}
