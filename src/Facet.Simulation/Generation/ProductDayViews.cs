namespace Facet.Simulation.Generation;

/// <summary>Views of one product on one UTC day (see <see cref="TruthDocument.ViewsDefinitionText"/>).</summary>
public sealed record ProductDayViews(DateOnly Day, string ProductId, long Views, long BotViews);
