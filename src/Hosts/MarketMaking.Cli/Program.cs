using System.CommandLine;
using MarketMaking.Cli.Commands;

var root = new RootCommand("mm: MarketMaking tools for recorded market data.");
var book = new Command("book", "Order book tools.");
book.Subcommands.Add(BookVerifyCommand.Create());
root.Subcommands.Add(book);
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
