using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// The simulator's WebSocket API sessions, spoken as raw JSON: what <c>session.logon</c> allows (unsigned requests, the
/// account's user data stream), what it refuses, and what <c>session.logout</c> takes back.
/// </summary>
[NonParallelizable]
public sealed class BinanceSimulatorSessionTests
{
    [Test]
    public async Task LogOn_AllowsUnsignedOrdersAndTheAccountsStream_LogOut_TakesBothBack()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { Ed25519PublicKey = BinanceSimulatorSetup.Ed25519PublicKey });
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);
        using var socket = await ConnectAsync(server);
        var signer = BinanceEd25519Signer.FromPem(BinanceSimulatorSetup.Ed25519PrivateKeyPem);

        var subscribeFirst = await RequestAsync(socket, "userDataStream.subscribe");
        var statusFirst = await RequestAsync(socket, "session.status");
        var logOn = await RequestAsync(socket, "session.logon", Signed(signer, []));
        var order = await RequestAsync(socket, "order.place", Unsigned(Order(bid - 10m, "raw-1")));
        var subscribed = await RequestAsync(socket, "userDataStream.subscribe");
        var withParameter = await RequestAsync(socket, "userDataStream.subscribe", new JsonObject { ["apiKey"] = BinanceSimulatorSetup.Key });
        var statusLoggedOn = await RequestAsync(socket, "session.status");
        var logOut = await RequestAsync(socket, "session.logout");
        var orderAfterLogOut = await RequestAsync(socket, "order.place", Unsigned(Order(bid - 11m, "raw-2")));

        Assert.Multiple(() =>
        {
            Assert.That(Error(subscribeFirst), Is.EqualTo((401, -1002)), "no stream before the logon");
            Assert.That(statusFirst["result"]!["apiKey"], Is.Null);
            Assert.That(((int)logOn["status"]!, (string?)logOn["result"]!["apiKey"]), Is.EqualTo((200, BinanceSimulatorSetup.Key)));
            Assert.That(((int)order["status"]!, (string?)order["result"]!["clientOrderId"]), Is.EqualTo((200, "raw-1")), "unsigned on the logged-on connection");
            Assert.That((int)subscribed["status"]!, Is.EqualTo(200));
            Assert.That(Error(withParameter), Is.EqualTo((400, -1104)), "userDataStream.subscribe takes no parameter");
            Assert.That((bool?)statusLoggedOn["result"]!["userDataStream"], Is.True);
            Assert.That(((JsonNode?)logOut["result"]!["apiKey"], (bool?)logOut["result"]!["userDataStream"]), Is.EqualTo(((JsonNode?)null, (bool?)false)), "the logout ends the session's subscription");
            Assert.That(Error(orderAfterLogOut), Is.EqualTo((401, -2015)), "unsigned after the logout: no key");
            Assert.That(server.UnsignedSessionOrderRequests, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task LogOn_IsRefused_ForAnHmacAccount_ForAnotherKey_AndOutsideTheReceiveWindow()
    {
        await using var hmacAccount = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        await using var ed25519Account = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { Ed25519PublicKey = BinanceSimulatorSetup.OtherEd25519PublicKey });
        var signer = BinanceEd25519Signer.FromPem(BinanceSimulatorSetup.Ed25519PrivateKeyPem);
        var hmac = new BinanceHmacSigner(BinanceSimulatorSetup.Secret);
        using var toHmacAccount = await ConnectAsync(hmacAccount);
        using var toEd25519Account = await ConnectAsync(ed25519Account);

        var hmacSigned = await RequestAsync(toHmacAccount, "session.logon", Signed(hmac, []));
        var otherKey = await RequestAsync(toEd25519Account, "session.logon", Signed(signer, []));
        var status = await RequestAsync(toEd25519Account, "session.status");

        Assert.That(Error(hmacSigned), Is.EqualTo((401, -1022)), "session.logon takes Ed25519 keys only");
        Assert.That(Error(otherKey), Is.EqualTo((401, -1022)));
        Assert.That(status["result"]!["authorizedSince"], Is.Null, "still not logged on");
    }

    private static JsonObject Order(decimal price, string clientOrderId) => new()
    {
        ["symbol"] = "BTCUSDT",
        ["side"] = "BUY",
        ["type"] = "LIMIT_MAKER",
        ["quantity"] = "0.001",
        ["price"] = price.ToString(CultureInfo.InvariantCulture),
        ["newClientOrderId"] = clientOrderId,
    };

    /// <summary>The parameters with a timestamp, and the key and its signature over them all, sorted by name.</summary>
    private static JsonObject Signed(IBinanceSigner signer, JsonObject parameters)
    {
        var signed = Unsigned(parameters);
        signed["apiKey"] = BinanceSimulatorSetup.Key;
        signed["signature"] = signer.Sign(BinancePayload.WebSocketApi(signed.Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.ToString()))));
        return signed;
    }

    private static JsonObject Unsigned(JsonObject parameters)
    {
        parameters["timestamp"] = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        return parameters;
    }

    private static (int Status, int Code) Error(JsonNode answer) => ((int)answer["status"]!, (int)answer["error"]!["code"]!);

    private static async Task<ClientWebSocket> ConnectAsync(BinanceSimulatorServer server)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketApiUrl, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return socket;
    }

    /// <summary>Sends a request and reads frames until its answer (the account's events, if any, are skipped).</summary>
    private static async Task<JsonNode> RequestAsync(ClientWebSocket socket, string method, JsonObject? parameters = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var request = new JsonObject { ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            request["params"] = parameters;
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                length += received.Count;
            }
            while (!received.EndOfMessage);

            var answer = JsonNode.Parse(buffer.AsSpan(0, length))!;
            if ((string?)answer["id"] == id)
            {
                return answer;
            }
        }
    }
}
