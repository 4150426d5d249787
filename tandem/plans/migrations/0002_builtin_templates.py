"""The plan templates that ship with Tandem: read-only, visible to everyone who may apply
templates. The data lives here, not in a module, so this migration keeps meaning what it
meant when it was written."""

from django.db import migrations


def R(kind, title, url=""):  # noqa: N802 - a compact row constructor
    return {"kind": kind, "title": title, "url": url}


BUILTIN = [
    {
        "key": "first-engineering-job",
        "name": "First engineering job",
        "description": (
            "For the first year in a software team: the foundations that make a new "
            "engineer productive and trusted. Work through it with your mentor, one or two "
            "items at a time."
        ),
        "items": [
            ("knowledge", "How the web works, end to end",
             "HTTP, DNS, browsers, servers and databases: enough to follow one request "
             "through the whole system and know where to look when it fails.", 3,
             ["Trace one request of your team's product from the browser to the database "
              "and back, and draw it",
              "Explain HTTP caching headers to your mentor in your own words"],
             [R("article", "MDN Web Docs: An overview of HTTP",
                "https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview")]),
            ("skill", "Version control with Git in a team",
             "Branches, rebasing, resolving conflicts, small commits with messages that "
             "explain why.", 4,
             ["Rebase a feature branch onto main and resolve a conflict without help",
              "Write your next five commit messages so a reviewer needs no other context"],
             [R("book", "Pro Git (Scott Chacon and Ben Straub)",
                "https://git-scm.com/book/en/v2")]),
            ("skill", "Reading an unfamiliar codebase",
             "Finding your way in code you did not write: entry points, data flow, tests as "
             "documentation.", 3,
             ["Draw a map of the main modules of your team's service",
              "Fix one small bug in a part of the code you have never touched"],
             [R("book", "Working Effectively with Legacy Code (Michael Feathers)")]),
            ("skill", "Writing useful automated tests",
             "Tests that catch regressions and describe behaviour, at the right level.", 3,
             ["Add tests to your next change before asking for review"],
             [R("book", "Test-Driven Development: By Example (Kent Beck)")]),
            ("ability", "Asking for help well",
             "Knowing when you are stuck, and asking with context, what you tried and what "
             "you expected.", 4,
             ["Time-box being stuck to one hour, then ask, saying what you tried",
              "Ask one question in a public team channel instead of a private message"],
             [R("article", "How To Ask Questions The Smart Way (Eric S. Raymond)",
                "http://www.catb.org/~esr/faqs/smart-questions.html")]),
            ("ability", "Giving and receiving code review",
             "Reading review comments as help, not judgement; reviewing others' code kindly "
             "and usefully.", 3,
             ["Review two pull requests a week and leave at least one question in each"],
             [R("article", "Google Engineering Practices: How to do a code review",
                "https://google.github.io/eng-practices/review/reviewer/")]),
            ("knowledge", "How the business works and where your team fits",
             "Who the customers are, how the company earns money, which numbers your team "
             "moves.", 3,
             ["Ask your manager which metric your team is measured on, and why"],
             []),
        ],
    },
    {
        "key": "becoming-a-tech-lead",
        "name": "Becoming a tech lead",
        "description": (
            "For a senior engineer stepping into technical leadership: multiplying a team's "
            "output rather than only their own."
        ),
        "items": [
            ("ability", "Delegating and letting go",
             "Handing over work you could do faster yourself, and coaching instead of "
             "taking it back.", 4,
             ["Hand one piece of work you would normally do to a teammate, and pair on it "
              "only when asked",
              "List the tasks only you can do today, and pick one to teach"],
             [R("book", "The Manager's Path (Camille Fournier)")]),
            ("skill", "Recording technical decisions",
             "Writing down significant decisions, the options considered and why one was "
             "chosen, so the team can revisit them.", 4,
             ["Write a decision record for the next significant technical choice",
              "Review one old decision with the team: does it still hold?"],
             [R("article", "Architecture decision records", "https://adr.github.io/")]),
            ("knowledge", "System design trade-offs",
             "Consistency, availability, latency, cost: naming the trade-offs of a design "
             "and choosing deliberately.", 4,
             ["Lead a design review of an upcoming feature and write down the trade-offs"],
             [R("book", "Designing Data-Intensive Applications (Martin Kleppmann)")]),
            ("skill", "Planning and sequencing a project",
             "Breaking a project into milestones, finding the risky parts first, and "
             "communicating progress.", 3,
             ["Break the next project into milestones and share the plan with stakeholders",
              "Write a short weekly update for a month"],
             [R("book", "Staff Engineer: Leadership Beyond the Management Track (Will Larson)",
                "https://staffeng.com/book")]),
            ("ability", "Giving constructive feedback",
             "Specific, timely and kind feedback that helps people change, and praise that "
             "says exactly what to keep doing.", 4,
             ["Give one piece of specific feedback each week, and note how it landed"],
             [R("book", "Radical Candor (Kim Scott)")]),
            ("skill", "Running useful meetings and one-to-ones",
             "Meetings with a purpose, an agenda and written outcomes; one-to-ones that "
             "belong to the other person.", 3,
             ["Start keeping one-to-one notes with each teammate"],
             [R("book", "The Making of a Manager (Julie Zhuo)")]),
            ("ability", "Explaining technical work to non-engineers",
             "Leading with the conclusion, in terms of the audience's goals.", 3,
             ["Present one technical decision to product or business colleagues in five "
              "minutes"],
             [R("book", "The Pyramid Principle (Barbara Minto)")]),
        ],
    },
    {
        "key": "changing-career-into-tech",
        "name": "Changing career into tech",
        "description": (
            "For someone moving into a technical role from another field: fundamentals, a "
            "first project, a network and a story that makes the previous career an asset."
        ),
        "items": [
            ("knowledge", "Programming fundamentals",
             "Variables, control flow, functions, data structures, and how a computer runs "
             "a program.", 3,
             ["Finish the first four weeks of a structured course, problem sets included"],
             [R("course", "CS50: Introduction to Computer Science (Harvard)",
                "https://cs50.harvard.edu/x/")]),
            ("skill", "Using Git and the command line",
             "The everyday tools of the job, so they are not in the way.", 3,
             ["Keep all your practice code in a Git repository from now on"],
             [R("course", "The Missing Semester of Your CS Education (MIT)",
                "https://missing.csail.mit.edu/")]),
            ("skill", "Building and shipping a small project",
             "One finished project that solves a real problem, ideally from your previous "
             "field, deployed and public.", 3,
             ["Pick a problem from your previous career that software could help with",
              "Deploy the project and publish its code with a clear README"],
             [R("course", "The Odin Project", "https://www.theodinproject.com/")]),
            ("knowledge", "The map of roles in tech",
             "What developers, testers, designers, data analysts, product and support "
             "people actually do, and which fits you.", 3,
             ["Have a short call with three people in three different roles"],
             [R("article", "Developer roadmaps (roadmap.sh)", "https://roadmap.sh/")]),
            ("ability", "Telling your career-change story",
             "A short, confident story linking what you did before to what you want to do "
             "now.", 4,
             ["Write your story in one paragraph and read it to your mentor",
              "Practise it in a mock interview"],
             [R("book", "What Color Is Your Parachute? (Richard N. Bolles)")]),
            ("skill", "Preparing for technical interviews",
             "Solving problems aloud, asking clarifying questions, and knowing the common "
             "formats.", 3,
             ["Do one mock technical interview with your mentor",
              "Solve two practice problems a week, explaining your reasoning aloud"],
             [R("book", "Cracking the Coding Interview (Gayle Laakmann McDowell)")]),
            ("ability", "Learning in public and building a network",
             "Sharing what you learn and meeting people in the field you want to join.", 3,
             ["Attend one meetup a month and talk to two people there",
              "Write a short post about something you learned"],
             [R("event", "Local tech meetups", "https://www.meetup.com/")]),
        ],
    },
]


def load(apps, schema_editor):
    PlanTemplate = apps.get_model("plans", "PlanTemplate")
    TemplateItem = apps.get_model("plans", "TemplateItem")
    for data in BUILTIN:
        template, _ = PlanTemplate.objects.update_or_create(
            builtin_key=data["key"], owner=None,
            defaults={"name": data["name"], "description": data["description"]})
        template.items.all().delete()
        TemplateItem.objects.bulk_create([
            TemplateItem(template=template, position=position, kind=kind, title=title,
                         description=description, target_level=target, actions=actions,
                         resources=resources)
            for position, (kind, title, description, target, actions, resources)
            in enumerate(data["items"])])


def unload(apps, schema_editor):
    apps.get_model("plans", "PlanTemplate").objects.filter(
        builtin_key__in=[d["key"] for d in BUILTIN]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
