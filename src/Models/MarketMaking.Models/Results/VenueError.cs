namespace MarketMaking.Models;

/// <summary>A venue call's failure as a value: what kind, whether trying again may succeed, and what the venue said.</summary>
/// <param name="Kind">The venue-independent kind.</param>
/// <param name="IsTransient">Whether the same request may succeed later (rate limit, timeout, unavailable).</param>
/// <param name="VenueCode">The venue's error code or string, such as Kraken's <c>EOrder:Insufficient funds</c>; <see langword="null"/> for local failures.</param>
/// <param name="Message">A readable description for logs and users; never contains secrets.</param>
public sealed record VenueError(VenueErrorKind Kind, bool IsTransient, string? VenueCode, string Message)
{
    /// <summary>Gets how long the venue asked us to wait before retrying, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Gets whether the request never left this process: a local check refused it (validation, the modelled rate limit,
    /// an open circuit), so the venue saw nothing. Such a refusal is ours, not the venue's: it is not a venue error and
    /// the kill switch's error-rate trigger does not count it.
    /// </summary>
    public bool NotSent { get; init; }

    /// <summary>Creates a timeout error.</summary>
    /// <param name="message">What timed out.</param>
    /// <returns>A transient <see cref="VenueErrorKind.Timeout"/> error.</returns>
    public static VenueError Timeout(string message) => new(VenueErrorKind.Timeout, IsTransient: true, null, message);

    /// <summary>Creates a transport error.</summary>
    /// <param name="message">What failed.</param>
    /// <returns>A transient <see cref="VenueErrorKind.Transport"/> error.</returns>
    public static VenueError Transport(string message) => new(VenueErrorKind.Transport, IsTransient: true, null, message);

    /// <summary>Creates an error for an answer that could not be parsed.</summary>
    /// <param name="message">What was wrong with it.</param>
    /// <returns>A non-transient <see cref="VenueErrorKind.MalformedResponse"/> error.</returns>
    public static VenueError MalformedResponse(string message) => new(VenueErrorKind.MalformedResponse, IsTransient: false, null, message);

    /// <inheritdoc/>
    public override string ToString() => VenueCode is null ? $"{Kind}: {Message}" : $"{Kind} ({VenueCode}): {Message}";
}
