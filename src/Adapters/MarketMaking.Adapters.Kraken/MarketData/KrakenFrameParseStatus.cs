namespace MarketMaking.Adapters.Kraken;

/// <summary>The outcome of <see cref="KrakenBookFrameParser.Parse"/>.</summary>
public enum KrakenFrameParseStatus
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>A <c>book</c> snapshot or update, now in the frame.</summary>
    Book = 1,

    /// <summary>Valid JSON of another channel or a method response; nothing parsed.</summary>
    NotBook = 2,

    /// <summary>Not JSON, or a book message with a missing or malformed field; see <see cref="KrakenBookFrame.Error"/>.</summary>
    Malformed = 3,
}
