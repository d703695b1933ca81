namespace Facet.Core.Enrichment.Internal;

/// <summary>
/// One thing every match of a regex contains: at least one of <see cref="Alternatives"/>. <see cref="Folded"/> means
/// an alternative occurs up to ASCII case (its letters are stored lower-case, and it is ASCII): the requirement came
/// from case-pair classes such as uap-core's <c>[Ss][Pp][Ii][Dd][Ee][Rr]</c>, or from a branch that did.
/// </summary>
internal sealed record LiteralRequirement(string[] Alternatives, bool Folded)
{
    /// <summary>The length of the shortest alternative: a longer one is rarer.</summary>
    public int MinLength
    {
        get
        {
            var min = int.MaxValue;
            foreach (var s in Alternatives)
            {
                min = Math.Min(min, s.Length);
            }

            return min;
        }
    }
}
