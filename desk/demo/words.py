"""Word lists the generated bulk draws names from."""

from customers.models import PersonaRole

INDUSTRIES = [
    "Manufacturing",
    "Finance",
    "Healthcare",
    "Education",
    "Retail",
    "Logistics",
    "Energy",
    "Government",
    "Media",
    "Legal",
]
REGIONS = ["East China", "North China", "South China", "West China", "Hong Kong", "Singapore", "Europe"]
NAME_A = [
    "Blue",
    "Golden",
    "Silver",
    "Red",
    "Green",
    "North",
    "East",
    "Grand",
    "Bright",
    "Clear",
    "Swift",
    "Summit",
    "Harbor",
    "River",
    "Stone",
    "Cloud",
    "Pine",
    "Jade",
    "Iron",
    "Star",
]
NAME_B = [
    "Logistics",
    "Capital",
    "Health",
    "Systems",
    "Foods",
    "Motors",
    "Energy",
    "Textiles",
    "Media",
    "Robotics",
    "Pharma",
    "Bank",
    "Airlines",
    "Steel",
    "Retail",
    "Labs",
    "Insurance",
    "Telecom",
]
CN_NAMES = ["华东制造", "星河金融", "远航物流", "青松医疗", "金石能源", "云帆教育", "蓝海零售", "长江传媒"]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu"]
GIVEN = ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Jun", "Yan", "Tao", "Ming", "Hui", "Xin", "Bo"]
TITLES = {
    PersonaRole.EB: ["CEO", "CIO", "COO", "VP Operations", "General Manager"],
    PersonaRole.TB: ["IT manager", "Head of IT", "Security lead", "Solutions architect"],
    PersonaRole.UB: ["Team lead", "Analyst", "Coordinator", "Engineer"],
}
FEATURE_WORDS = [
    "Bulk export",
    "Calendar view",
    "Smart templates",
    "Comment threads",
    "Task reminders",
    "Web clipper",
    "PDF annotation",
    "Handwriting search",
    "Dark mode",
    "Kanban boards",
    "Guest access",
    "Data residency",
    "Retention policies",
    "API rate dashboard",
    "Whiteboards",
    "Voice notes",
    "Table formulas",
    "LDAP sync",
    "Approval flows",
    "Usage analytics",
]
INCIDENT_WORDS = [
    "Slow search",
    "Sync conflicts",
    "Login failures",
    "Export timeouts",
    "Image upload errors",
    "Disk usage alarm",
    "Missing attachments",
    "Notification delays",
    "Editor crash",
    "High CPU on server",
]
