using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Maillage.Shared.OpeningHours;

/// <summary>
/// Reads the subset of the OSM <c>opening_hours</c> syntax that places' data uses
/// (see https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification):
/// <list type="bullet">
/// <item>weekday selectors: <c>Mo-Fr</c>, <c>Mo,We,Fr</c>, <c>Tu-Th,Sa</c>, <c>Fr-Mo</c> (wrapping), case-insensitive;</item>
/// <item>time ranges: <c>09:00-12:00,14:00-18:30</c>, <c>24:00</c> as an end, ranges past midnight (<c>22:00-02:00</c>, <c>22:00-26:00</c>);</item>
/// <item><c>off</c> / <c>closed</c> / <c>open</c>, <c>24/7</c>, a day selector alone (open all day);</item>
/// <item>public holidays: <c>PH off</c>, <c>PH 10:00-12:00</c>, <c>Su,PH off</c>;</item>
/// <item>rules separated by <c>;</c> (a later rule replaces the whole day for the days it selects) or by <c>,</c>
/// (an additional rule that adds to those days); <c>off</c> with times only closes those times.</item>
/// </list>
/// Anything else (months, weeks, years, dates, school holidays, comments, fallback rules, open ends, sun times)
/// is refused with a French message giving the 1-based character position.
/// Known deviation: a <c>PH</c> rule always wins over weekday rules on a holiday, wherever it is written
/// (OSM would let a later weekday rule override it).
/// </summary>
public static class OpeningHoursParser
{
    private static readonly string[] DayNames = ["mo", "tu", "we", "th", "fr", "sa", "su"];

    private static readonly HashSet<string> Months =
        new(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> FrenchDays =
        new(["lu", "me", "je", "ve", "di", "lun", "mar", "mer", "jeu", "ven", "sam", "dim",
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> SunTimes = new(["sunrise", "sunset", "dawn", "dusk"], StringComparer.OrdinalIgnoreCase);

    public static bool TryParse(string input, [NotNullWhen(true)] out WeeklySchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        try
        {
            schedule = new Parser(input ?? string.Empty).Parse();
            error = null;
            return true;
        }
        catch (OpeningHoursSyntaxException exception)
        {
            schedule = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>Parses or throws <see cref="FormatException"/> with the French message.</summary>
    public static WeeklySchedule Parse(string input) =>
        TryParse(input, out var schedule, out var error) ? schedule : throw new FormatException(error);

    private enum TokenKind
    {
        Word,
        Time,
        Number,
        TwentyFourSeven,
        Dash,
        Comma,
        Semicolon,
        Other,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private sealed class OpeningHoursSyntaxException(int position, string message)
        : Exception($"Position {position + 1} : {message}");

    private sealed class Parser
    {
        private readonly string _input;
        private readonly List<Token> _tokens;
        private readonly List<TimeRange>[] _days = Enumerable.Range(0, 7).Select(_ => new List<TimeRange>()).ToArray();
        private PublicHolidayHours _holidays = PublicHolidayHours.Unspecified;
        private int _index;

        public Parser(string input)
        {
            _input = input;
            _tokens = Tokenize(input);
        }

        private Token Current => _tokens[_index];

        private Token Next => _tokens[Math.Min(_index + 1, _tokens.Count - 1)];

        public WeeklySchedule Parse()
        {
            if (Current.Kind == TokenKind.End)
            {
                throw new OpeningHoursSyntaxException(0, "les horaires sont vides.");
            }

            var additional = false;
            while (true)
            {
                ParseRule(additional);
                if (Current.Kind == TokenKind.End)
                {
                    break;
                }

                // ParseRule stops only on ';', ',' or the end.
                additional = Current.Kind == TokenKind.Comma;
                _index++;
                if (Current.Kind == TokenKind.End && !additional)
                {
                    break; // a trailing ';' is harmless
                }
            }

            var days = new Dictionary<DayOfWeek, IEnumerable<TimeRange>>();
            for (var i = 0; i < 7; i++)
            {
                days[WeeklySchedule.Week[i]] = _days[i];
            }

            return WeeklySchedule.Create(days, _holidays);
        }

        private void ParseRule(bool additional)
        {
            var ruleStart = Current.Position;
            var selectedDays = new bool[7];
            var hasDays = false;
            var hasHolidays = false;
            List<(int Start, int End)>? ranges = null;

            if (Current.Kind == TokenKind.TwentyFourSeven)
            {
                _index++;
                ranges = [(0, TimeRange.MinutesPerDay)];
            }
            else
            {
                while (Current.Kind == TokenKind.Word)
                {
                    var dayIndex = DayIndex(Current.Text);
                    if (dayIndex >= 0)
                    {
                        ParseDayOrDayRange(selectedDays);
                        hasDays = true;
                    }
                    else if (Current.Text.Equals("PH", StringComparison.OrdinalIgnoreCase))
                    {
                        if (hasHolidays)
                        {
                            throw Unexpected("un jour");
                        }

                        hasHolidays = true;
                        _index++;
                    }
                    else
                    {
                        break;
                    }

                    if (Current.Kind == TokenKind.Comma && Next.Kind == TokenKind.Word && IsSelectorWord(Next.Text))
                    {
                        _index++;
                    }
                    else if (Current.Kind == TokenKind.Word && IsSelectorWord(Current.Text))
                    {
                        var previous = _tokens[_index - 1].Text;
                        throw new OpeningHoursSyntaxException(
                            Current.Position,
                            previous.Equals("PH", StringComparison.OrdinalIgnoreCase) || Current.Text.Equals("PH", StringComparison.OrdinalIgnoreCase)
                                ? "combiner PH et des jours sans virgule (« PH Mo-Fr ») n'est pas pris en charge ; séparez-les par une virgule (« Mo-Fr,PH »)."
                                : $"« , » attendu entre deux jours, {Describe(Current)} trouvé.");
                    }
                    else
                    {
                        break;
                    }
                }

                if (Current.Kind is TokenKind.Time or TokenKind.TwentyFourSeven)
                {
                    ranges = ParseTimeList();
                }
            }

            var state = RuleState.Open;
            var hasState = false;
            if (Current.Kind == TokenKind.Word)
            {
                var word = Current.Text.ToLowerInvariant();
                if (word is "off" or "closed")
                {
                    state = RuleState.Closed;
                    hasState = true;
                    _index++;
                }
                else if (word == "open")
                {
                    hasState = true;
                    _index++;
                }
            }

            if (Current.Position == ruleStart && Current.Kind != TokenKind.End)
            {
                throw Unexpected("un jour (Mo, Tu, We, Th, Fr, Sa, Su), PH, une plage horaire (09:00-12:00), 24/7 ou off");
            }

            if (Current.Position == ruleStart)
            {
                throw Unexpected("une règle après « , »");
            }

            if (Current.Kind is not (TokenKind.Semicolon or TokenKind.Comma or TokenKind.End))
            {
                throw Unexpected(ranges is null ? "une plage horaire, off, « ; » ou la fin" : "« , » ou « ; » entre deux règles, ou la fin");
            }

            if (Current.Kind == TokenKind.Comma && ranges is null && !hasState)
            {
                // "Mo-Fr, 10:00-12:00" or "Mo, Lu": a comma after days must be followed by another day.
                _index++;
                throw Unexpected("un jour ou PH après « , »");
            }

            Apply(ruleStart, additional, selectedDays, hasDays, hasHolidays, ranges ?? [(0, TimeRange.MinutesPerDay)], state, ranges is not null);
        }

        private void ParseDayOrDayRange(bool[] selectedDays)
        {
            var first = DayIndex(Current.Text);
            _index++;
            if (Current.Kind != TokenKind.Dash)
            {
                selectedDays[first] = true;
                return;
            }

            _index++;
            var last = Current.Kind == TokenKind.Word ? DayIndex(Current.Text) : -1;
            if (last < 0)
            {
                throw Unexpected("un jour de fin (Mo, Tu, We, Th, Fr, Sa, Su) après « - »");
            }

            _index++;
            for (var day = first; ; day = (day + 1) % 7)
            {
                selectedDays[day] = true;
                if (day == last)
                {
                    break;
                }
            }
        }

        private List<(int Start, int End)> ParseTimeList()
        {
            var ranges = new List<(int Start, int End)>();
            while (true)
            {
                if (Current.Kind == TokenKind.TwentyFourSeven)
                {
                    ranges.Add((0, TimeRange.MinutesPerDay));
                    _index++;
                }
                else
                {
                    ranges.Add(ParseTimeRange());
                }

                if (Current.Kind == TokenKind.Comma && Next.Kind is TokenKind.Time or TokenKind.TwentyFourSeven)
                {
                    _index++;
                    continue;
                }

                return ranges;
            }
        }

        private (int Start, int End) ParseTimeRange()
        {
            var startToken = Current;
            var start = ReadClock(allowExtended: false);
            if (start == TimeRange.MinutesPerDay)
            {
                throw new OpeningHoursSyntaxException(startToken.Position, "une plage ne peut pas commencer à 24:00 ; écrivez 00:00.");
            }

            if (Current.Kind != TokenKind.Dash)
            {
                throw Unexpected("« - » puis l'heure de fin après l'heure de début");
            }

            _index++;
            var endToken = Current;
            var end = ReadClock(allowExtended: true);
            if (end == start)
            {
                throw new OpeningHoursSyntaxException(endToken.Position, $"la plage {startToken.Text}-{endToken.Text} est vide (même heure de début et de fin).");
            }

            if (end > TimeRange.MinutesPerDay)
            {
                if (end - start > TimeRange.MinutesPerDay)
                {
                    throw new OpeningHoursSyntaxException(endToken.Position, $"la plage {startToken.Text}-{endToken.Text} dure plus de 24 heures.");
                }
            }
            else if (end < start)
            {
                end += TimeRange.MinutesPerDay; // past midnight
            }

            return (start, end);
        }

        private int ReadClock(bool allowExtended)
        {
            var token = Current;
            if (token.Kind != TokenKind.Time)
            {
                throw Unexpected("une heure au format HH:MM");
            }

            var parts = token.Text.Split(':');
            var hours = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var minutes = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var maxHours = allowExtended ? 48 : 24;
            if (parts[1].Length != 2 || minutes > 59 || hours > maxHours || (hours == maxHours && minutes != 0))
            {
                throw new OpeningHoursSyntaxException(
                    token.Position, $"heure invalide {Describe(token)} : attendu une heure au format HH:MM entre 00:00 et {maxHours}:00.");
            }

            _index++;
            return (hours * 60) + minutes;
        }

        private void Apply(
            int ruleStart, bool additional, bool[] selectedDays, bool hasDays, bool hasHolidays,
            List<(int Start, int End)> ranges, RuleState state, bool hasTimes)
        {
            var allDays = !hasDays && !hasHolidays;
            var days = Enumerable.Range(0, 7).Where(d => allDays || selectedDays[d]).ToList();
            var ownParts = ranges.Select(r => new TimeRange(r.Start, Math.Min(r.End, TimeRange.MinutesPerDay))).ToList();
            var spillParts = ranges.Where(r => r.End > TimeRange.MinutesPerDay)
                .Select(r => new TimeRange(0, r.End - TimeRange.MinutesPerDay)).ToList();

            if (hasHolidays && spillParts.Count > 0)
            {
                throw new OpeningHoursSyntaxException(ruleStart, "une plage qui passe minuit n'est pas prise en charge pour les jours fériés (PH).");
            }

            if (state == RuleState.Closed)
            {
                foreach (var day in days)
                {
                    Subtract(day, ownParts);
                    Subtract((day + 1) % 7, spillParts);
                }

                if (hasHolidays || allDays)
                {
                    _holidays = _holidays.Mode switch
                    {
                        PublicHolidayMode.Open => PublicHolidayHours.Open(ownParts.Aggregate(_holidays.Ranges, TimeRange.Subtract)),
                        PublicHolidayMode.Unspecified when hasHolidays && hasTimes => throw new OpeningHoursSyntaxException(
                            ruleStart, "fermer une partie seulement des jours fériés (« PH 12:00-14:00 off ») n'est pris en charge qu'après une règle « PH » ouverte."),
                        PublicHolidayMode.Unspecified when hasHolidays => PublicHolidayHours.Closed,
                        _ => _holidays,
                    };
                }

                return;
            }

            if (!additional)
            {
                foreach (var day in days)
                {
                    _days[day].Clear();
                }
            }

            foreach (var day in days)
            {
                _days[day].AddRange(ownParts);
                _days[(day + 1) % 7].AddRange(spillParts);
            }

            if (hasHolidays)
            {
                _holidays = !additional || _holidays.Mode == PublicHolidayMode.Closed
                    ? PublicHolidayHours.Open(ownParts)
                    : _holidays.Mode == PublicHolidayMode.Open
                        ? PublicHolidayHours.Open(_holidays.Ranges.Concat(ownParts))
                        : throw new OpeningHoursSyntaxException(
                            ruleStart, "une règle additionnelle « , PH … » n'est pas prise en charge ; séparez-la par « ; » (« ; PH 10:00-12:00 »).");
            }
            else if (allDays)
            {
                // A rule without a day selector applies to every day, holidays included.
                _holidays = additional && _holidays.Mode != PublicHolidayMode.Unspecified
                    ? PublicHolidayHours.Open(_holidays.Ranges.Concat(ownParts))
                    : additional ? _holidays : PublicHolidayHours.Unspecified;
            }
        }

        private void Subtract(int day, List<TimeRange> removed)
        {
            var remaining = removed.Aggregate((IReadOnlyList<TimeRange>)[.. _days[day]], TimeRange.Subtract).ToList();
            _days[day].Clear();
            _days[day].AddRange(remaining);
        }

        private OpeningHoursSyntaxException Unexpected(string expected)
        {
            var token = Current;
            var unsupported = Unsupported(token);
            return new OpeningHoursSyntaxException(token.Position, unsupported ?? $"{expected} attendu, {Describe(token)} trouvé.");
        }

        /// <summary>A clear message for the OSM constructs that exist but that we do not read.</summary>
        private string? Unsupported(Token token)
        {
            var text = token.Text;
            switch (token.Kind)
            {
                case TokenKind.Word when Months.Contains(text):
                    return $"les sélecteurs de mois ou de date (« {text} ») ne sont pas pris en charge.";
                case TokenKind.Word when text.Equals("week", StringComparison.OrdinalIgnoreCase):
                    return "les sélecteurs de semaine (« week 1-53/2 ») ne sont pas pris en charge.";
                case TokenKind.Word when text.Equals("SH", StringComparison.OrdinalIgnoreCase):
                    return "les vacances scolaires (SH) ne sont pas prises en charge.";
                case TokenKind.Word when text.Equals("easter", StringComparison.OrdinalIgnoreCase):
                    return "les dates relatives à Pâques (« easter ») ne sont pas prises en charge.";
                case TokenKind.Word when SunTimes.Contains(text):
                    return $"les horaires liés au soleil (« {text} ») ne sont pas pris en charge.";
                case TokenKind.Word when text.Equals("unknown", StringComparison.OrdinalIgnoreCase):
                    return "l'état « unknown » n'est pas pris en charge.";
                case TokenKind.Word when FrenchDays.Contains(text) || text.Equals("ma", StringComparison.OrdinalIgnoreCase):
                    return $"« {text} » est un jour en français ; la syntaxe OSM utilise Mo, Tu, We, Th, Fr, Sa, Su.";
                case TokenKind.Number when text.Length == 4:
                    return $"les sélecteurs d'année (« {text} ») ne sont pas pris en charge.";
                case TokenKind.Other when text == "\"":
                    return "les commentaires entre guillemets ne sont pas pris en charge.";
                case TokenKind.Other when text == "|":
                    return "les règles de repli (« || ») ne sont pas prises en charge.";
                case TokenKind.Other when text == "[":
                    return "les jours numérotés dans le mois (« Mo[1] ») ne sont pas pris en charge.";
                case TokenKind.Other when text == "+":
                    return "les horaires sans heure de fin (« 10:00+ ») ne sont pas pris en charge.";
                case TokenKind.Other when text == "/":
                    return "les horaires périodiques (« 10:00-16:00/01:30 ») ne sont pas pris en charge.";
                case TokenKind.Other when text == ":" && _index > 0 && _tokens[_index - 1].Kind == TokenKind.Word:
                    return "le « : » après une sélection n'est pas pris en charge ; écrivez « Mo-Fr 09:00-12:00 ».";
                default:
                    return null;
            }
        }

        private string Describe(Token token) => token.Kind == TokenKind.End
            ? "la fin du texte"
            : $"« {(token.Kind == TokenKind.Word ? token.Text : _input.Substring(token.Position, token.Text.Length))} »";

        private static bool IsSelectorWord(string word) => DayIndex(word) >= 0 || word.Equals("PH", StringComparison.OrdinalIgnoreCase);

        private static int DayIndex(string word) =>
            word.Length == 2 ? Array.IndexOf(DayNames, word.ToLowerInvariant()) : -1;

        private static List<Token> Tokenize(string input)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < input.Length)
            {
                var c = input[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                var start = i;
                if (char.IsLetter(c))
                {
                    while (i < input.Length && char.IsLetter(input[i]))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Word, input[start..i], start));
                }
                else if (char.IsAsciiDigit(c))
                {
                    if (string.CompareOrdinal(input, i, "24/7", 0, 4) == 0 && (i + 4 >= input.Length || !char.IsAsciiDigit(input[i + 4])))
                    {
                        tokens.Add(new Token(TokenKind.TwentyFourSeven, "24/7", start));
                        i += 4;
                        continue;
                    }

                    while (i < input.Length && char.IsAsciiDigit(input[i]))
                    {
                        i++;
                    }

                    if (i - start <= 2 && i + 1 < input.Length && input[i] == ':' && char.IsAsciiDigit(input[i + 1]))
                    {
                        i++;
                        while (i < input.Length && char.IsAsciiDigit(input[i]))
                        {
                            i++;
                        }

                        tokens.Add(new Token(TokenKind.Time, input[start..i], start));
                    }
                    else
                    {
                        tokens.Add(new Token(TokenKind.Number, input[start..i], start));
                    }
                }
                else
                {
                    i++;
                    var kind = c switch
                    {
                        '-' => TokenKind.Dash,
                        ',' => TokenKind.Comma,
                        ';' => TokenKind.Semicolon,
                        _ => TokenKind.Other,
                    };
                    tokens.Add(new Token(kind, c.ToString(), start));
                }
            }

            tokens.Add(new Token(TokenKind.End, string.Empty, input.Length));
            return tokens;
        }
    }

    private enum RuleState
    {
        Open,
        Closed,
    }
}
