
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
}
