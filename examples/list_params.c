/* Linked lists passed in: by the list-parameter convention `head` is NULL or
   an acyclic list of fresh nodes of any contents, read up to 4 nodes long.
   Expected: `length` and `last_value_fixed` proved for lists of at most 4
   nodes, so unknown ("proved only for 'head' a list of at most 4 nodes"), not
   yes; `last_value` no (null: the empty list, replayed). */
#include <stddef.h>

struct node {
    int value;
    struct node *next;
};

int length(struct node *head) {
    int n = 0;
    for (struct node *p = head; p != NULL; p = p->next)
        n++;
    return n;
}

int last_value(struct node *head) {
    while (head->next != NULL)
        head = head->next;
    return head->value;
}

int last_value_fixed(struct node *head) {
    if (head == NULL)
        return 0;
    while (head->next != NULL)
        head = head->next;
    return head->value;
}
