
namespace MarketMaking.Models;

/// <summary>
/// A component driven on the engine loop's one thread, in the order of its <see cref="Stage"/> (books, the OMS,
/// inventory, risk, observers, strategies; registration order within a stage): it sees every event in order and needs
/// no locks.
/// </summary>
public interface IEngineHandler
{
    /// <summary>Gets the handler's name, for logs and metrics.</summary>
    string Name { get; }

    /// <summary>Gets the stage it runs in. Default <see cref="EngineStage.Observer"/>.</summary>
    EngineStage Stage => EngineStage.Observer;

    /// <summary>Handles one event. Must be quick; may throw (the loop logs it and goes on with the next handler).</summary>
    /// <param name="venueEvent">The event.</param>
    void OnEvent(VenueEvent venueEvent);

    /// <summary>
    /// Called on the loop at the end of each burst of messages it takes (when its queues are empty, and every so many
    /// messages within a long burst): where a handler hands on, once, what it gathered during the burst (the OMS wakes
    /// the journal's writer here). Does nothing by default.
    /// </summary>
    void OnBurstEnd()
    {
    }
}
