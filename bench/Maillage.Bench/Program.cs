namespace Maillage.Bench;

/// <summary>Entry point of the benchmark tool: <c>generate</c> fills a database at scale, <c>coldstart</c> measures start-up and memory, <c>places-*</c> measure the places.</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage();
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var options = BenchArgs.Parse(args[1..]);
            return args[0] switch
            {
                "generate" => await Generator.RunAsync(options),
                "coldstart" => await ColdStart.RunAsync(options),
                "places-generate" => await Places.GenerateAsync(options),
                "places-search" => await Places.SearchAsync(options),
                "places-import" => await Places.ImportAsync(options),
                "places-export" => await Places.ExportAsync(options),
                "places-throughput" => await Throughput.RunAsync(options),
                "activities-generate" => await Activities.GenerateAsync(options),
                "activities-bench" => await ActivitiesBench.RunAsync(options),
                "agenda-generate" => await Agenda.GenerateAsync(options),
                "agenda-bench" => await AgendaBench.RunAsync(options),
                "lending-generate" => await Lending.GenerateAsync(options),
                "lending-bench" => await LendingBench.RunAsync(options),
                _ => Unknown(args[0]),
            };
        }
        catch (BenchUsageException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static int Unknown(string verb)
    {
        Console.Error.WriteLine($"Verbe inconnu : {verb}");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage() => Console.WriteLine("""
        Maillage.Bench : jeux de données à l'échelle et mesures de démarrage.

          generate --scale national|territory [--provider Sqlite|Postgres] [--connection CS] [--force] [--seed N]
              Crée et migre la base, puis la remplit (territoires, quartiers, structures, comptes, journal d'audit).
              Par défaut (SQLite) : Data Source=/tmp/bench/<scale>.db ; --force remplace un fichier existant.

          coldstart [--runs N] [--db PATH] [--app PATH] [--idle SECONDES] [--env CLE=VALEUR]...
              Démarre l'application compilée (Release) N fois sur une base SQLite déjà générée et mesure
              le temps jusqu'à la première réponse de /health et de /, puis la mémoire résidente (VmRSS).

          places-generate [--count 50000] [--provider Sqlite|Postgres] [--connection CS] [--force] [--seed N] [--csv PATH]
              Base migrée (territoires de 5 départements) remplie de N lieux publiés répartis sur les communes de France,
              plus un fichier CSV v1 de 20 000 lieux (par défaut /tmp/bench/places-20000.csv).
              Par défaut (SQLite) : Data Source=/tmp/bench/places.db.

          places-throughput [--db PATH] [--duration 20] [--connections 32] [--threads 2] [--rounds 2]
              Lance l'application compilée (Release, Production) sur la base des lieux, puis wrk (paquet Debian) :
              /api/v1/lieux (points variés, un service, ouvert maintenant) et, en alternance, un fichier statique de
              la même taille servi par la même application ; rapport des débits (objectif ≥ 0,5).

          places-search [--runs 2000] [--warmup 50] [--at DATE] [--engine sql|index] [--provider ...] [--connection CS]
              PlaceSearch en processus (même code que /api/v1/lieux) : points au hasard, rayon 10 km, deux filtres ;
              p50/p95/p99 du temps côté serveur et nombre moyen de résultats (objectif p95 ≤ 15 ms).

          places-import [--file /tmp/bench/places-20000.csv] [--provider ...] [--connection CS]
              PlaceImporter sur une base neuve (supprimée puis migrée) : premier import puis réimport sans changement
              (objectif ≤ 10 s). Par défaut (SQLite) : Data Source=/tmp/bench/places-import.db.

          places-export [--runs 3] [--output PATH] [--provider ...] [--connection CS]
              Export CSV complet des lieux publiés par PlaceExporter (objectif ≤ 2 s).

          activities-generate [--count 5000000] [--provider Sqlite|Postgres] [--connection CS] [--force] [--seed N]
              Base migrée à l'échelle nationale : ~4 000 conseillers dans 1 200 structures (la plus grande : ~60 000
              activités par an), leurs lieux et fiches nommées, puis N activités sur les 12 derniers mois, chargées en
              masse (INSERT multi-lignes préparés sur SQLite, COPY binaire sur PostgreSQL).
              Par défaut (SQLite) : Data Source=/tmp/bench/activities.db.

          activities-bench [--runs 200] [--warmup 20] [--figure-runs 50] [--show-sql] [--provider ...] [--connection CS]
              En processus, avec les services de l'application : création d'une activité (ActivityService.CreateAsync,
              objectif p95 ≤ 20 ms), « mes activités » première page et page profonde (≤ 50 ms), statistiques
              d'un conseiller (≤ 150 ms) et de la plus grande structure (≤ 500 ms) sur un an ; p50/p95/max et
              temps CPU. --show-sql affiche le SQL de chaque opération une fois, sans mesurer.

          agenda-generate [--advisors 20] [--places 150] [--sessions 500] [--provider ...] [--connection CS] [--force] [--seed N]
              Base migrée (Loire) : un grand lieu où 20 conseillers tiennent leurs permanences, deux conseillers dans chacun
              des autres lieux, deux mois de rendez-vous (le mois passé et le mois à venir), absences, une fermeture,
              N séances d'ateliers à venir et autant de passées, avec leurs inscriptions.
              Par défaut (SQLite) : Data Source=/tmp/bench/agenda.db.

          agenda-bench [--runs 200] [--warmup 20] [--http [--page /ateliers]... [--app PATH]] [--provider ...] [--connection CS]
              En processus : créneaux libres du grand lieu sur 30 jours (AgendaSlots.ForPlaceAsync, objectif p95 ≤ 10 ms).
              Avec --http : l'application compilée (Release) sur la base SQLite, GET de chaque --page (par défaut
              /ateliers, objectif p95 ≤ 50 ms) depuis un client HTTP local.

          lending-generate [--items 2000] [--kits 25] [--borrowers 20] [--past 100000] [--future-per-item 20] [--provider ...] [--connection CS] [--force] [--seed N]
              Base migrée (Loire) : un prêteur et son parc de N objets en 8 catégories (dont des valises de 8 tablettes),
              20 structures emprunteuses, 100 000 réservations passées sur 3 ans (rendues, refusées ou annulées) et
              ~20 réservations à venir par objet ou valise sur l'année qui vient (en attente ou validées), des prêts en
              cours et quelques retards. --force remplace la base (fichier SQLite, ou base PostgreSQL supprimée).
              Par défaut (SQLite) : Data Source=/tmp/bench/lending.db.

          lending-bench [--runs 200] [--warmup 100] [--calendar-runs 50] [--calendar-warmup 50] [--show-sql] [--provider ...] [--connection CS]
              En processus : calendrier de disponibilité de tout le parc sur 365 jours (LendingAvailability.ComputeAsync,
              objectif ≤ 100 ms) et demandes de réservation d'un objet au hasard pour 1 ou 2 jours de l'année qui vient
              (ReservationService.RequestAsync, verrou, contrôle de chevauchement, écriture, courriel .eml ; objectif
              p95 ≤ 30 ms), acceptées ou « déjà réservé », retirées à la fin ; le détail des lectures du calendrier.
              --show-sql affiche le SQL une fois.
        """);
}

public sealed class BenchUsageException(string message) : Exception(message);

/// <summary>A minimal "--name value" parser; repeated options keep every value.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    public static BenchArgs Parse(string[] args)
    {
        var result = new BenchArgs();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new BenchUsageException($"Argument inattendu : {arg}");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                result.Add(arg[2..eq], arg[(eq + 1)..]);
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                result.Add(arg[2..], args[++i]);
            }
            else
            {
                result.flags.Add(arg[2..]);
            }
        }

        return result;
    }

    private void Add(string name, string value)
    {
        if (!values.TryGetValue(name, out var list))
        {
            values[name] = list = [];
        }

        list.Add(value);
    }

    public string? Get(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => values.TryGetValue(name, out var list) ? list : [];

    public bool Flag(string name) => flags.Contains(name);

    public int GetInt(string name, int defaultValue)
    {
        var value = Get(name);
        if (value is null)
        {
            return defaultValue;
        }

        return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new BenchUsageException($"--{name} attend un entier positif (reçu « {value} »).");
    }

    /// <summary>The repository root (the folder holding Maillage.slnx), searched upwards from the current directory and the tool's own folder.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new BenchUsageException("Dépôt Maillage introuvable (Maillage.slnx) : lancez l'outil depuis le dépôt ou indiquez --app.");
    }
}
