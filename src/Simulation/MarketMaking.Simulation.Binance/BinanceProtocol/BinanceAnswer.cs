namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// One answer of the simulated venue, whatever carries it: the HTTP status and the JSON body, an order or a list in
/// Binance's shape on success, <c>{"code","msg"}</c> on a refusal. REST writes it as it is; the WebSocket API puts the
/// body under <c>result</c> or <c>error</c> beside the status.
/// </summary>
/// <param name="Status">The HTTP status (200 on success).</param>
/// <param name="Body">The JSON body.</param>
internal readonly record struct BinanceAnswer(int Status, byte[] Body)
{
    /// <summary>Gets the account's new orders in the last 10 s after this request (<c>X-MBX-ORDER-COUNT-10S</c>), when it placed any.</summary>
    public int? OrderCount { get; init; }

    /// <summary>Gets the seconds to wait before sending again (<c>Retry-After</c>), when refused for a limit.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Gets whether the request succeeded.</summary>
    public bool IsSuccess => Status == 200;

    /// <summary>A success.</summary>
    public static BinanceAnswer Ok(byte[] body) => new(200, body);

    /// <summary>A refusal with Binance's code and message (HTTP 400 unless given).</summary>
    public static BinanceAnswer Refused((int Code, string Message) refusal, int status = 400) => new(status, BinanceMessageWriter.RestError(refusal.Code, refusal.Message));
}
