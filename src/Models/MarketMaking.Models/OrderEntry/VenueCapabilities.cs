using System.Collections.Immutable;

namespace MarketMaking.Models;

/// <summary>What an adapter supports: order types, time-in-force values, features, and the limits of its venue.</summary>
/// <param name="OrderTypes">The order types accepted.</param>
/// <param name="TimeInForces">The time-in-force values accepted.</param>
/// <param name="Features">The optional features supported.</param>
public sealed record VenueCapabilities(
    ImmutableArray<OrderType> OrderTypes,
    ImmutableArray<TimeInForce> TimeInForces,
    VenueFeatures Features)
{
    /// <summary>Gets the book depths the venue can stream, in levels per side.</summary>
    public ImmutableArray<int> BookDepths { get; init; } = [];

    /// <summary>Gets the most orders one batch request may carry; 0 without batches.</summary>
    public int MaxBatchSize { get; init; }

    /// <summary>Gets the longest dead-man switch timeout the venue accepts.</summary>
    public TimeSpan MaxDeadManSwitchTimeout { get; init; }

    /// <summary>Gets whether a feature is supported.</summary>
    /// <param name="feature">The feature.</param>
    /// <returns><see langword="true"/> when every flag of <paramref name="feature"/> is supported.</returns>
    public bool Supports(VenueFeatures feature) => (Features & feature) == feature;

    /// <summary>Checks an order request against these capabilities.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The problem, or <see langword="null"/> when the venue can take the request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public string? Check(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request switch
        {
            _ when !OrderTypes.Contains(request.Type) => $"Order type {request.Type} is not supported",
            _ when !TimeInForces.Contains(request.TimeInForce) => $"Time in force {request.TimeInForce} is not supported",
            { ValidateOnly: true } when !Supports(VenueFeatures.ValidateOnly) => "Validate-only orders are not supported",
            { ReduceOnly: true } when !Supports(VenueFeatures.ReduceOnly) => "Reduce-only orders are not supported",
            _ => null,
        };
    }
}
