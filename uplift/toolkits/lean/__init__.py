"""Activity 6, production efficiency: OEE, Mura, waste and kaizen in baht."""
