using MarketMaker.Kraken.Cli;

return await HostCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
