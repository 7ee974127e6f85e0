namespace MarketMaking.Adapters;

/// <summary>Data of a change of an endpoint class's <see cref="VenueHealth"/>.</summary>
/// <param name="endpointClass">The endpoint class, such as <c>private</c> or <c>trading</c>.</param>
/// <param name="health">The new health.</param>
public sealed class VenueHealthChangedEventArgs(string endpointClass, VenueHealth health) : EventArgs
{
    /// <summary>Gets the endpoint class.</summary>
    public string EndpointClass { get; } = endpointClass;

    /// <summary>Gets the new health.</summary>
    public VenueHealth Health { get; } = health;
}
