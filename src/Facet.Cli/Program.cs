using Facet.Cli;

return await FacetCommandLine.RunAsync(args, Console.Out, Console.Error);
