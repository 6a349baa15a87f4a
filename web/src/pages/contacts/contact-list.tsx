import { Avatar, Card, NavLink } from '@mantine/core';
import { Link } from 'react-router';
import type { RecordOf } from '../../cloud/records-api';

type Contact = RecordOf<'contacts'>;

/** A contact's second line in the list: the company, else the first number or address. */
function subtitle(contact: Contact): string | undefined {
  const { organization, phones, emails } = contact.projection;
  return organization ?? phones[0]?.value ?? emails[0]?.value;
}

/** One page after another of contacts, sorted by name; the open one is marked. */
export function ContactList({
  contacts,
  openId,
  label,
}: {
  contacts: Contact[];
  openId: string | null;
  label: string;
}) {
  return (
    <Card padding={0}>
      <ul className="cloud-list" aria-label={label}>
        {contacts.map((contact) => {
          const open = contact.id === openId;
          const name = contact.projection.fullName;
          return (
            <li key={contact.id}>
              <NavLink
                component={Link}
                to={`?contact=${encodeURIComponent(contact.id)}`}
                className="cloud-list-item"
                label={<span data-title>{name}</span>}
                description={subtitle(contact)}
                leftSection={<Avatar name={name} color="initials" size={36} aria-hidden="true" />}
                active={open}
                aria-current={open ? 'true' : undefined}
                py="sm"
                styles={{ label: { fontWeight: 500 }, description: { overflowWrap: 'anywhere' } }}
              />
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
