
namespace MarketMaking.Models;

/// <summary>
/// A component driven on the engine loop's one thread, in registration order (books, the OMS, inventory, risk,
/// strategies): it sees every event in order and needs no locks.
/// </summary>
public interface IEngineHandler
{
    /// <summary>Gets the handler's name, for logs and metrics.</summary>
    string Name { get; }

    /// <summary>Handles one event. Must be quick; may throw (the loop logs it and goes on with the next handler).</summary>
    /// <param name="venueEvent">The event.</param>
    void OnEvent(VenueEvent venueEvent);
}
