namespace Facet.Simulation.Generation;

public sealed partial class EventGenerator
{
    /// <summary>Accumulates the ground truth while generating: a few counters and two small dictionaries per event.</summary>
    private sealed class Truth(bool trackIds)
    {
        private readonly long[] _collections = new long[Collections.Names.Length];
        private readonly Dictionary<string, long> _rejections = new(StringComparer.Ordinal);
        private readonly Dictionary<(long Day, int Product), (long Views, long Bots)> _productViews = [];
        private readonly Dictionary<(long Day, int Store), (long Views, long Bots)> _storeViews = [];
        private readonly List<RejectedMessage> _rejected = [];
        private readonly List<string>? _ids = trackIds ? [] : null;
        private long _messages;
        private long _valid;
        private long _late;
        private long _bots;
        private long _duplicates;
        private long _malformed;

        public GenerationCounts Counts => new(_messages, _valid, _late, _bots, _duplicates, _malformed);

        public void Valid(bool late, bool isBot, int collection, long timestamp, int store, int product, ReadOnlySpan<byte> id)
        {
            _messages++;
            if (late)
            {
                _late++;
            }
            else
            {
                _valid++;
            }

            if (isBot)
            {
                _bots++;
            }

            _collections[collection]++;
            _ids?.Add(System.Text.Encoding.ASCII.GetString(id));
            if (collection != Collections.ViewProductDetail)
            {
                return;
            }

            var day = Math.DivRem(timestamp, 86_400L, out var rest) - (rest < 0 ? 1 : 0);
            var bot = isBot ? 1 : 0;
            ref var p = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_productViews, (day, product), out _);
            p = (p.Views + 1, p.Bots + bot);
            ref var s = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_storeViews, (day, store), out _);
            s = (s.Views + 1, s.Bots + bot);
        }

        public void Duplicate()
        {
            _messages++;
            _duplicates++;
        }

        public void Malformed(long sequence, string code)
        {
            _messages++;
            _malformed++;
            _rejections[code] = _rejections.GetValueOrDefault(code) + 1;
            _rejected.Add(new RejectedMessage(sequence, code));
        }

        public TruthDocument ToDocument(GeneratorOptions options, ProductCatalog products, GeneratorStore[] stores)
        {
            var collections = new SortedDictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < _collections.Length; i++)
            {
                if (_collections[i] > 0)
                {
                    collections[Collections.Names[i]] = _collections[i];
                }
            }

            var productViews = _productViews
                .Select(kv => new ProductDayViews(Day(kv.Key.Day), products[kv.Key.Product].Id, kv.Value.Views, kv.Value.Bots))
                .OrderBy(v => v.Day).ThenByDescending(v => v.Views).ThenBy(v => v.ProductId, StringComparer.Ordinal)
                .ToList();
            var storeViews = _storeViews
                .Select(kv => new StoreDayViews(Day(kv.Key.Day), stores[kv.Key.Store].StoreId, stores[kv.Key.Store].Domain, kv.Value.Views, kv.Value.Bots))
                .OrderBy(v => v.Day).ThenByDescending(v => v.Views).ThenBy(v => v.StoreId, StringComparer.Ordinal)
                .ToList();
            return new TruthDocument
            {
                Seed = options.Seed,
                Start = options.Start,
                Messages = _messages,
                ValidEvents = _valid + _late,
                LateEvents = _late,
                BotEvents = _bots,
                DuplicatesSent = _duplicates,
                MalformedSent = _malformed,
                Rejections = new SortedDictionary<string, long>(_rejections, StringComparer.Ordinal),
                Collections = collections,
                ViewsByDayProduct = productViews,
                ViewsByDayStore = storeViews,
                RejectedMessages = [.. _rejected],
                Ids = _ids is null ? null : [.. _ids],
            };
        }

        private static DateOnly Day(long day) => DateOnly.FromDayNumber((int)(day + DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber));
    }
}
