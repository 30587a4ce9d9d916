"""Run pip-audit and say plainly how much it could check: fail on a known vulnerability, warn on what was skipped."""

import json
import subprocess
import sys

done = subprocess.run(
    [sys.executable, "-m", "pip_audit", "--skip-editable", "--progress-spinner", "off", "-f", "json"],
    capture_output=True,
    text=True,
)
try:
    report = json.loads(done.stdout)
except json.JSONDecodeError:
    print(done.stdout, done.stderr, sep="\n")
    sys.exit(done.returncode or 1)
dependencies = report.get("dependencies", [])
skipped = [d for d in dependencies if d.get("skip_reason")]
vulnerable = [d for d in dependencies if d.get("vulns")]
for dependency in vulnerable:
    for vuln in dependency["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
audited = len(dependencies) - len(skipped)
print(f"pip-audit: {audited} of {len(dependencies)} packages checked, {len(vulnerable)} with known vulnerabilities.")
if skipped:
    print(f"WARNING: {len(skipped)} packages could not be checked: {skipped[0]['skip_reason']}")
sys.exit(1 if vulnerable else 0)
