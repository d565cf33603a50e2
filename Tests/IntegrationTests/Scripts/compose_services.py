"""Reads compose.yaml the way docker compose would (YAML anchors and merge keys, `${NAME:-default}` taken at its
default) and prints, as JSON, what the compose tests compare with the supervisor's process table."""

import json
import re
import sys

import yaml

DEFAULTED = re.compile(r"\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}")


def interpolate(value):
    if isinstance(value, str):
        return DEFAULTED.sub(lambda match: match.group(2) or "", value)
    if isinstance(value, list):
        return [interpolate(item) for item in value]
    if isinstance(value, dict):
        return {key: interpolate(item) for key, item in value.items()}
    return value


def main(path):
    with open(path, encoding="utf-8") as handle:
        document = interpolate(yaml.safe_load(handle))
    services = {}
    for name, service in document.get("services", {}).items():
        command = service.get("command")
        if isinstance(command, str):
            command = command.split()
        health = (service.get("healthcheck") or {}).get("test")
        services[name] = {
            "image": service.get("image"),
            "command": command,
            "replicas": int((service.get("deploy") or {}).get("replicas", 1)),
            "volumes": service.get("volumes") or [],
            "healthcheck": health if isinstance(health, list) else ([] if health is None else ["CMD-SHELL", health]),
            "depends_on": sorted(service.get("depends_on") or []),
        }
    print(json.dumps({"services": services, "volumes": sorted((document.get("volumes") or {}).keys())}))


if __name__ == "__main__":
    main(sys.argv[1])
